# Shell helpers for the tests that drive a real awardd: sourced, not run.
#
#   start_awardd DATA_DIR [FLAGS...]   starts it on a free loopback port; sets
#                                      AWARDD_PID and AWARD_SERVER (HOST:PORT)
#   stop_awardd                        SIGTERM, and fails unless it stopped cleanly
#
# Needs AWARDD (the binary) and RULES_DIR (the repository's rules/) set.

start_awardd() {
  local data_dir="$1"
  shift
  AWARDD_LOG="$(mktemp)"
  "$AWARDD" --data_dir="$data_dir" --listen=127.0.0.1:0 --rules_dir="$RULES_DIR/vn" \
    --rule_overrides="$RULES_DIR/demo" "$@" >"$AWARDD_LOG" 2>&1 &
  AWARDD_PID=$!
  for _ in $(seq 1 300); do
    if grep -q "^awardd listening on " "$AWARDD_LOG"; then
      AWARD_SERVER="$(sed -n 's/^awardd listening on \([^ ]*\).*/\1/p' "$AWARDD_LOG")"
      export AWARD_SERVER
      return 0
    fi
    kill -0 "$AWARDD_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "awardd did not start:" >&2
  cat "$AWARDD_LOG" >&2
  return 1
}

stop_awardd() {
  kill -TERM "$AWARDD_PID"
  local code=0
  wait "$AWARDD_PID" || code=$?
  if [ "$code" -ne 0 ] || ! grep -q "^awardd: stopped cleanly" "$AWARDD_LOG"; then
    echo "awardd did not stop cleanly (exit $code):" >&2
    cat "$AWARDD_LOG" >&2
    return 1
  fi
}
