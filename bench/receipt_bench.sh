#!/usr/bin/env bash
# How long a decision's receipt takes to check, in C++ and in Python: a
# receipt made by the platform (tests/e2e/receipt_test.sh keeps one), checked
# in process (200 runs each) and as a whole command (process start included).
#
#   bench/receipt_bench.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
keep="$(mktemp -d)"
trap 'rm -rf "$keep"' EXIT
AWARD_RECEIPT_KEEP="$keep" "$root/tests/e2e/receipt_test.sh" "$build/services/awardd/awardd" \
  "$build/witness/award_witness" "$build" "$root" >/dev/null 2>&1
log_key="$(cat "$keep/log.pub")"
witness_key="$(cat "$keep/witness.pub")"

"$build/bench/receipt_verify_bench" --receipt="$keep/receipt.json" --log_key="$log_key" \
  --witness_key="$witness_key"
python3 - "$root/examples/python" "$keep/receipt.json" "$log_key" "$witness_key" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
import verify_receipt as v
text = open(sys.argv[2], encoding="utf-8").read()
log = [v.parse_verifier_key(sys.argv[3], v.NOTE_SIGNER)]
witness = [v.parse_verifier_key(sys.argv[4], v.COSIGNER)]
runs = []
for _ in range(200):
    start = time.perf_counter()
    v.verify(text, log, witness, 1)
    runs.append((time.perf_counter() - start) * 1e6)
runs.sort()
print(f"figure=verify_receipt_python runs=200 p50_us={runs[100]:.0f} p99_us={runs[198]:.0f}")
PY
for tool in cpp python; do
  start=$(date +%s%N)
  for _ in $(seq 1 20); do
    if [ "$tool" = cpp ]; then
      "$build/tools/audit/award_audit" verify-receipt "$keep/receipt.json" --log_key="$log_key" \
        --witness_key="$witness_key" --min_witnesses=1 >/dev/null
    else
      python3 "$root/examples/python/verify_receipt.py" "$keep/receipt.json" --log-key "$log_key" \
        --witness-key "$witness_key" --min-witnesses 1 >/dev/null
    fi
  done
  echo "figure=verify_receipt_${tool}_command runs=20 mean_ms=$((($(date +%s%N) - start) / 20000000))"
done
