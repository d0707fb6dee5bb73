#!/usr/bin/env bash
# award_health_probe, as containers and Kubernetes probes run it, against a
# real awardd over mTLS: live and ready with a certificate, refused without
# one, an unknown health name and a stopped server both fail.
#
#   tests/e2e/health_probe_test.sh AWARDD PROBE SOURCE_DIR
set -euo pipefail
AWARDD=$1
PROBE=$2
source_dir=$3
RULES_DIR="$source_dir/rules"
source "$(dirname "$0")/server_lib.sh"
work=$(mktemp -d)
trap 'kill "$AWARDD_PID" 2>/dev/null || true; rm -rf "$work"' EXIT

"$source_dir/scripts/dev-certs.sh" "$work/certs" awardd operator >/dev/null
certs=$work/certs
start_awardd "$work/data" --tls_ca="$certs/ca.pem" --tls_cert="$certs/awardd.pem" \
  --tls_key="$certs/awardd.key" --access_policy="$source_dir/deploy/policy/access-policy.dev.textproto"
as_operator=(--tls_ca="$certs/ca.pem" --tls_cert="$certs/operator.pem" --tls_key="$certs/operator.key")

fail=0
check() {  # check WANTED_EXIT DESCRIPTION ARGS...
  local wanted=$1 description=$2 code=0
  shift 2
  "$PROBE" --address="$AWARD_SERVER" --timeout=3s "$@" 2>"$work/err" || code=$?
  if [ "$code" -eq "$wanted" ]; then
    echo "ok: $description"
  else
    echo "FAIL: $description: exit $code, wanted $wanted: $(cat "$work/err")"
    fail=1
  fi
}
check 0 "live" --service=award.liveness "${as_operator[@]}"
check 0 "ready" "${as_operator[@]}" --tls_server_name=awardd
check 0 "a service ready by its name" --service=award.v1.Query "${as_operator[@]}"
check 1 "an unknown health name fails" --service=no.such.Service "${as_operator[@]}"
check 1 "without a certificate it is refused" --service=award.liveness --tls_ca="$certs/ca.pem"
grep -q "client certificate" "$work/err" || { echo "FAIL: not said why"; fail=1; }
stop_awardd
check 1 "a stopped server fails" --service=award.liveness "${as_operator[@]}"
exit $fail
