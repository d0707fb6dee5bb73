#!/usr/bin/env bash
# Makes the Debian 12 base image the platform's image builds FROM where no
# image registry is reachable: debootstrap --variant=minbase bookworm, imported
# into podman as localhost/award-bookworm-minbase. Needs root, debootstrap and
# podman (scripts in deploy/ install them with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/podman.sh
image=localhost/award-bookworm-minbase
if podman image exists "$image"; then
  echo "base-image: $image is there"
  exit 0
fi
rootfs=$(mktemp -d /var/tmp/award-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
# Keep the image small: no package lists or caches.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
tar -C "$rootfs" -c . | podman import --quiet - "$image" >/dev/null
echo "base-image: $image made"
