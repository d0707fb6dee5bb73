#!/usr/bin/env bash
# Sets up the machine, builds, and runs the whole platform (awardd: every
# service and the embedded event store) on a local data directory (default
# ./data, 127.0.0.1:50050), with the demo commune's ballot rule (rules/demo).
# Arguments go to awardd, e.g. scripts/run.sh --data_dir=/srv/award --listen=127.0.0.1:6000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/services/awardd/awardd --rules_dir=rules/vn --rule_overrides=rules/demo "$@"
