#!/usr/bin/env bash
# podman with deploy/podman.sh's flags as one command, for tools that run
# podman themselves:
#
#   podman-compose --podman-path deploy/podman-cli.sh -f deploy/compose.yaml up -d
set -euo pipefail
source "$(dirname "$0")/podman.sh"
podman "$@"
