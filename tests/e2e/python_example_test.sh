#!/usr/bin/env bash
# The Python example client (examples/python) against a fresh awardd.
#   python_example_test.sh AWARDD REPOSITORY
set -euo pipefail
AWARDD="$1"
root="$2"
RULES_DIR="$root/rules"
source "$(dirname "$0")/server_lib.sh"
data="$(mktemp -d)"
trap 'kill "$AWARDD_PID" 2>/dev/null || true; rm -rf "$data"' EXIT
start_awardd "$data"
"$root/examples/python/run.sh" "$AWARD_SERVER"
stop_awardd
