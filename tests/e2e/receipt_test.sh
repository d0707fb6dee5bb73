#!/usr/bin/env bash
# A decision's receipt end to end, as processes: award_witness follows
# awardd's log; awardctl demo issues decisions and revokes part of one;
# award_audit receipt writes their receipts; award_audit verify-receipt and
# the independent Python verifier (examples/python/verify_receipt.py) both
# accept them and state the same proofs, and both refuse every spoiled copy,
# naming the same step.
#   receipt_test.sh AWARDD AWARD_WITNESS BUILD_DIR REPOSITORY
set -euo pipefail
AWARDD="$1"
WITNESS="$2"
build="$3"
root="$4"
RULES_DIR="$root/rules"
source "$(dirname "$0")/server_lib.sh"
with_work_dir
audit="$build/tools/audit/award_audit"
awardctl="$build/tools/awardctl/awardctl"
python_verifier="$root/examples/python/verify_receipt.py"

log_key="$("$AWARDD" --data_dir="$work/data" --rules_dir="$RULES_DIR/vn" \
  --log_origin=lamson.example/thiduakhenthuong --print_log_key)"
witness_key="$("$WITNESS" --state_dir="$work/witness" --witness_name=sonoivu.example/w1 \
  --print_witness_key)"
start_server award_witness "$work/witness.log" "$WITNESS" --state_dir="$work/witness" \
  --listen=127.0.0.1:0 --log_keys="$log_key"
pids+=("$SERVER_PID")
witness_address="$SERVER_ADDRESS"
start_awardd "$work/data" --checkpoint_interval=200ms --witnesses="$witness_address@$witness_key"
pids+=("$AWARDD_PID")
"$awardctl" demo >"$work/demo.txt"

fail() {
  echo "receipt_test: $*" >&2
  exit 1
}

# Both verifiers on one receipt: the exit codes and the statements must agree.
check_both() {
  local receipt="$1" expect="$2" min="${3:-1}"
  local cpp=0 py=0
  "$audit" verify-receipt "$receipt" --log_key="$log_key" --witness_key="$witness_key" \
    --min_witnesses="$min" >"$work/cpp.txt" || cpp=$?
  python3 "$python_verifier" "$receipt" --log-key "$log_key" --witness-key "$witness_key" \
    --min-witnesses "$min" >"$work/py.txt" || py=$?
  [ "$cpp" -eq "$expect" ] || fail "award_audit exit $cpp, not $expect, on $receipt: $(cat "$work/cpp.txt")"
  [ "$py" -eq "$expect" ] || fail "verify_receipt.py exit $py, not $expect, on $receipt: $(cat "$work/py.txt")"
  if [ "$expect" -eq 0 ]; then
    diff "$work/cpp.txt" "$work/py.txt" >&2 || fail "the two verifiers state different proofs"
  else
    # The same step named: the words before the first ':'.
    [ "$(head -1 "$work/cpp.txt" | cut -d: -f1)" = "$(head -1 "$work/py.txt" | cut -d: -f1)" ] ||
      fail "the verifiers fail at different steps: $(head -1 "$work/cpp.txt") / $(head -1 "$work/py.txt")"
  fi
}

for decision in tl-qd-2025-gk tl-qd-2025-danh-hieu; do
  "$audit" --event_store="$AWARD_SERVER" receipt --decision_id="$decision" --out="$work/$decision.json"
  check_both "$work/$decision.json" 0
  cp "$work/cpp.txt" "$work/$decision.txt"
  grep -q "^decision $decision: number " "$work/$decision.txt" || fail "no number stated"
  grep -q "^cosigned by sonoivu.example/w1 at " "$work/$decision.txt" || fail "no cosignature stated"
done
grep -q "^REVOKED on .* (in part): nominations tl-2025-ldtt-003" "$work/tl-qd-2025-danh-hieu.txt" ||
  fail "the partial revocation of tl-qd-2025-danh-hieu is not stated"
grep -q "carries no revocation" "$work/tl-qd-2025-gk.txt" || fail "gk should carry no revocation"
cat "$work/tl-qd-2025-danh-hieu.txt"

# Spoiled copies of a good receipt, each refused by both at the same step.
spoil() {
  local name="$1" program="$2"
  python3 - "$work/tl-qd-2025-danh-hieu.json" "$work/$name.json" "$program" <<'PY'
import base64, json, sys
receipt = json.load(open(sys.argv[1]))
b = lambda s: bytearray(base64.b64decode(s))
e = lambda v: base64.b64encode(bytes(v)).decode()
exec(sys.argv[3])
json.dump(receipt, open(sys.argv[2], "w"))
PY
}
spoil document 'receipt["document"] = receipt["document"].replace("Tân Lập", "Tân Lạp", 1)'
spoil record 'r = b(receipt["records"][0]["record"]); r[-40] ^= 1; receipt["records"][0]["record"] = e(r)'
spoil proof 'p = b(receipt["records"][1]["inclusion_proof"][0]); p[0] ^= 1; receipt["records"][1]["inclusion_proof"][0] = e(p)'
spoil position 'receipt["records"][0]["position"] = str(int(receipt["records"][0].get("position", "0")) + 1)'
spoil root 'lines = receipt["checkpoint"].split("\n"); lines[2] = e(bytes(32)); receipt["checkpoint"] = "\n".join(lines)'
spoil unwitnessed 'receipt["checkpoint"] = "\n".join(l for l in receipt["checkpoint"].split("\n") if "sonoivu" not in l)'
spoil other_decision 'receipt["decision_id"] = "tl-qd-2025-gk"'
for spoiled in document record proof position root unwitnessed other_decision; do
  check_both "$work/$spoiled.json" 1
  echo "spoiled $spoiled: $(head -1 "$work/cpp.txt")"
done
# Without a witness required, the unwitnessed copy stands on the log's signature alone.
check_both "$work/unwitnessed.json" 0 0

# For bench/receipt_bench.sh: a receipt and its keys, kept.
if [ -n "${AWARD_RECEIPT_KEEP:-}" ]; then
  cp "$work/tl-qd-2025-danh-hieu.json" "$AWARD_RECEIPT_KEEP/receipt.json"
  echo "$log_key" >"$AWARD_RECEIPT_KEEP/log.pub"
  echo "$witness_key" >"$AWARD_RECEIPT_KEEP/witness.pub"
fi

# The log's key is rotated: the new key is announced in the log by the old
# one; the witness follows the announcement; a receipt made since verifies
# with the old key given (through the announcement) or with the new one, and
# the receipts made before still verify.
stop_awardd
start_awardd "$work/data" --checkpoint_interval=200ms --witnesses="$witness_address@$witness_key" \
  --rotate_log_key
pids+=("$AWARDD_PID")
new_log_key="$(sed -n 's/^awardd: log key rotated; the new key is //p' "$AWARDD_LOG")"
[ -n "$new_log_key" ] && [ "$new_log_key" != "$log_key" ] || fail "no new key: $(cat "$AWARDD_LOG")"
for _ in $(seq 1 50); do
  "$audit" --event_store="$AWARD_SERVER" receipt --decision_id=tl-qd-2025-gk \
    --out="$work/rotated.json" 2>/dev/null
  "$audit" verify-receipt "$work/rotated.json" --log_key="$new_log_key" --witness_key="$witness_key" \
    --min_witnesses=1 >/dev/null && break
  sleep 0.2
done
check_both "$work/rotated.json" 0
grep -q "signed by a key the log announced with a key given" "$work/cpp.txt" ||
  fail "after the rotation: $(cat "$work/cpp.txt")"
"$audit" verify-receipt "$work/rotated.json" --log_key="$new_log_key" --witness_key="$witness_key" \
  --min_witnesses=1 | grep -q "signed by the log's key" || fail "the new key alone does not verify it"
check_both "$work/tl-qd-2025-gk.json" 0

# A compromised operator, who holds the log's old key, throws the history
# away and writes another. An auditor kept the last checkpoint.
cp "$work/data/log-checkpoint" "$work/kept.checkpoint"
stop_awardd
rm -rf "$work/data/eventstore" "$work/data/query"
cp "$work/data/log-signing.key.retired-"* "$work/data/log-signing.key"
refused_log="$work/refused.log"
if "$AWARDD" --data_dir="$work/data" --listen=127.0.0.1:0 --rules_dir="$RULES_DIR/vn"     --rule_overrides="$RULES_DIR/demo" >"$refused_log" 2>&1; then
  fail "awardd started on a log that lost everything its checkpoint covers"
fi
# (Its checkpoint is in the rotated key's name, which the old key never announced in this log.)
grep -q "DATA_LOSS: the checkpoint kept in .* is not one the log signed" "$refused_log" ||
  fail "awardd did not say why: $(cat "$refused_log")"
mv "$work/data/log-checkpoint" "$work/set-aside.checkpoint"
start_awardd "$work/data" --checkpoint_interval=200ms --witnesses="$witness_address@$witness_key"
pids+=("$AWARDD_PID")
"$awardctl" demo >/dev/null
# The new history signs its checkpoints, but the witness cosigns none of them,
# and keeps what it was shown.
"$audit" --event_store="$AWARD_SERVER" receipt --decision_id=tl-qd-2025-gk --out="$work/rewritten.json"
check_both "$work/rewritten.json" 1
grep -q "^failed at the witnesses: 0 of the given witnesses cosigned" "$work/cpp.txt" ||
  fail "a receipt of the rewritten history: $(cat "$work/cpp.txt")"
[ -n "$(ls "$work/witness/evidence")" ] || fail "the witness kept no evidence"
# The receipts made before still verify, cosigned.
check_both "$work/tl-qd-2025-gk.json" 0
# The log against the checkpoint the auditor kept.
code=0
"$audit" --event_store="$AWARD_SERVER" verify --checkpoint="$work/kept.checkpoint" \
  --log_key="$log_key,$new_log_key" >"$work/verify.txt" || code=$?
[ "$code" -eq 1 ] && grep -qE "^(DIVERGES|TRUNCATED): the log" "$work/verify.txt" ||
  fail "verify --checkpoint: exit $code, $(cat "$work/verify.txt")"
cat "$work/verify.txt"
stop_awardd
