#!/usr/bin/env bash
# Makes the Debian 12 base image the platform's image builds FROM where no
# image registry is reachable: debootstrap --variant=minbase bookworm, imported
# into podman as localhost/award-bookworm-minbase. Needs root, debootstrap and
# podman (scripts in deploy/ install them with apt-get when missing).
#
# Packages come from the mirror this machine's apt uses for bookworm (a local
# mirror or a proxy works as it does for apt-get), or from
# AWARD_DEBIAN_MIRROR=URL when set; apt's HTTP proxy, if configured, is used.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/podman.sh
image=localhost/award-bookworm-minbase
if podman image exists "$image"; then
  echo "base-image: $image is there"
  exit 0
fi
# The first URI that apt's sources give for the suite bookworm: one-line
# sources.list entries ("deb [options] URI bookworm ...") and deb822 stanzas.
apt_bookworm_mirror() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$file" ] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$file" |
      awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }'
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -r "$file" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) types = $i
          if ($i ~ /^URIs:/) uris = $i
          if ($i ~ /^Suites:/) suites = $i
          if ($i ~ /^Enabled: *no/) enabled = "no"
        }
        if (enabled == "yes" && types ~ /[ \t]deb([ \t]|$)/ && suites ~ /[ \t]bookworm([ \t]|$)/) {
          split(uris, words, /[ \t]+/); print words[2]; exit
        }
      }' "$file"
  done
}
mirror=${AWARD_DEBIAN_MIRROR:-$(apt_bookworm_mirror | sed -n 1p)}
mirror=${mirror:-http://deb.debian.org/debian}
eval "$(apt-config shell apt_proxy Acquire::http::Proxy)"
if [ -n "${apt_proxy:-}" ] && [ -z "${http_proxy:-}" ]; then export http_proxy=$apt_proxy; fi
echo "base-image: packages from $mirror"
rootfs=$(mktemp -d /var/tmp/award-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
# Keep the image small: no package lists or caches.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
tar -C "$rootfs" -c . | podman import --quiet - "$image" >/dev/null
echo "base-image: $image made"
