# Shell helpers for the tests that start the platform's servers as processes:
# sourced, not run.
#
#   start_server NAME LOG COMMAND...   starts COMMAND, its output in LOG, and waits
#                                      for "NAME listening on HOST:PORT"; sets
#                                      SERVER_PID and SERVER_ADDRESS, or shows LOG
#                                      and fails if NAME ends or stays silent 30 s
#   start_awardd DATA_DIR [FLAGS...]   awardd on a free loopback port; sets
#                                      AWARDD_PID, AWARDD_LOG and AWARD_SERVER
#   stop_awardd                        SIGTERM, and fails unless it stopped cleanly
#   with_work_dir                      sets work (a fresh directory) and pids (empty);
#                                      on exit, every process in pids is stopped
#                                      and work removed
#
# start_awardd needs AWARDD (the binary) and RULES_DIR (the repository's rules/).

with_work_dir() {
  work=$(mktemp -d)
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
}

start_server() {
  local name="$1" log="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    SERVER_ADDRESS="$(sed -n "s/^$name listening on \([^ ]*\).*/\1/p" "$log")"
    [ -n "$SERVER_ADDRESS" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start:" >&2
  cat "$log" >&2
  return 1
}

start_awardd() {
  local data_dir="$1"
  shift
  AWARDD_LOG="$(mktemp)"
  start_server awardd "$AWARDD_LOG" "$AWARDD" --data_dir="$data_dir" --listen=127.0.0.1:0 \
    --rules_dir="$RULES_DIR/vn" --rule_overrides="$RULES_DIR/demo" "$@" || return 1
  AWARDD_PID=$SERVER_PID
  AWARD_SERVER=$SERVER_ADDRESS
  export AWARD_SERVER
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
