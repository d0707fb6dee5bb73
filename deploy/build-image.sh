#!/usr/bin/env bash
# Builds the platform's image (deploy/Dockerfile) with podman FROM the
# debootstrap-made base, as localhost/award-platform. RUN_TESTS=0 skips the
# tests in the build stage.
#
#   deploy/build-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for p in podman runc debootstrap buildah; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
deploy/base-image.sh
source deploy/podman.sh
# The Docker image format: the OCI format that podman builds by default has no
# place for the Dockerfile's HEALTHCHECK and drops it.
podman build --format docker "${AWARD_ULIMITS[@]}" --network host -f deploy/Dockerfile \
  --build-arg BASE=localhost/award-bookworm-minbase --build-arg RUN_TESTS="${RUN_TESTS:-1}" \
  -t localhost/award-platform .
