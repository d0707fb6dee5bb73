#!/usr/bin/env bash
# Sets up the machine, builds, and runs the whole test suite. Exits non-zero on
# any failure. AWARD_CRASH_TRIALS=N runs N SIGKILL trials instead of 20.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
