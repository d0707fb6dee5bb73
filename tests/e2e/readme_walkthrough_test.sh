#!/usr/bin/env bash
# Runs the README's walkthrough block, command for command, against a fresh
# awardd, so that what a newcomer types there works.
#   readme_walkthrough_test.sh AWARDD BUILD_DIR REPOSITORY
# The block runs in a scratch directory whose build/ is BUILD_DIR, as if from
# the repository after scripts/run.sh.
set -euo pipefail
AWARDD="$1"
build="$2"
root="$3"
RULES_DIR="$root/rules"
source "$(dirname "$0")/server_lib.sh"
work="$(mktemp -d)"
trap 'kill "$AWARDD_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
awk '/^<!-- walkthrough/ {on=1; next} /^<!-- \/walkthrough -->/ {on=0} on && !/^```/' \
  "$root/README.md" >"$work/walkthrough.sh"
[ -s "$work/walkthrough.sh" ] || { echo "README.md has no walkthrough block" >&2; exit 1; }
ln -s "$build" "$work/build"
start_awardd "$work/data"
(cd "$work" && bash -euo pipefail -x walkthrough.sh) >"$work/out" 2>&1 || {
  cat "$work/out" >&2
  exit 1
}
# What the walkthrough shows must be there.
for expected in "Thống kê khen thưởng xã Tân Lập" "quy tắc: R19" "refused, exit 1" "ok " \
  "Toàn vẹn: có"; do
  grep -qF -- "$expected" "$work/out" || { cat "$work/out" >&2; echo "missing: $expected" >&2; exit 1; }
done
stop_awardd
echo "README walkthrough: $(grep -c '^+ ' "$work/out") commands ran"
