#!/usr/bin/env bash
# The README's first command as a newcomer types it (scripts/run.sh, which sets
# up, builds and starts awardd), checked after a build: it serves, the demo
# seeds it, SIGTERM stops it cleanly. Run by .ci/run, not by ctest (it runs the
# build itself).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
AWARDD="$root/scripts/run.sh"
RULES_DIR="$root/rules"
source "$root/tests/e2e/server_lib.sh"
data="$(mktemp -d)"
trap 'kill "$AWARDD_PID" 2>/dev/null || true; rm -rf "$data"' EXIT
start_awardd "$data"
"$root/build/tools/awardctl/awardctl" demo | tail -n 3
stop_awardd
echo "scripts/run.sh: awardd served the demo and stopped cleanly"
