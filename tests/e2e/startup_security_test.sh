#!/usr/bin/env bash
# How servers start, as processes: with certificates and an access policy they
# serve mTLS; without, they refuse to start unless given --insecure, and then
# listen on loopback only. awardd alone defaults to plaintext on loopback and
# says so. Contradictory or half-given flags are refused before any port opens.
# An address in use is refused (no server shares a port), and so is a ballot
# key that its group or others may read.
#
#   tests/e2e/startup_security_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
source "$(dirname "$0")/server_lib.sh"
with_work_dir

"$source_dir/scripts/dev-certs.sh" "$work/certs" eventstore >/dev/null
certs=$work/certs
policy=$source_dir/deploy/policy/access-policy.dev.textproto
tls=(--tls_ca="$certs/ca.pem" --tls_cert="$certs/eventstore.pem" --tls_key="$certs/eventstore.key")
eventstore=$build/eventstore/grpc/eventstore_server
awardd=$build/services/awardd/awardd
data() { mktemp -d -p "$work"; }
run=0

refused() {  # refused WHAT MESSAGE COMMAND...: exits non-zero, saying MESSAGE, serving nothing
  local what=$1 message=$2
  shift 2
  run=$((run + 1))
  local log=$work/refused-$run.log code=0
  timeout 20 "$@" >"$log" 2>&1 || code=$?
  if [ "$code" -eq 0 ] || [ "$code" -eq 124 ] || grep -q " listening on " "$log" ||
    ! grep -qF -- "$message" "$log"; then
    echo "FAIL: $what (exit $code):" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "ok: $what is refused: $(tail -n 1 "$log")"
}

serves() {  # serves WHAT NAME ANNOUNCED COMMAND...: NAME announces itself, saying ANNOUNCED
  local what=$1 name=$2 announced=$3
  shift 3
  run=$((run + 1))
  start_server "$name" "$work/serves-$run.log" "$@"
  pids+=("$SERVER_PID")
  local announcement
  announcement=$(grep "^$name listening on " "$work/serves-$run.log")
  if ! grep -qF -- "$announced" <<<"$announcement"; then
    echo "FAIL: $what does not say '$announced': $announcement" >&2
    exit 1
  fi
  kill "$SERVER_PID"
  echo "ok: $what: $announcement"
}

serves "the event store with certificates and a policy" eventstore_server \
  "(mTLS, access policy $policy" "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 "${tls[@]}" \
  --access_policy="$policy"
refused "the event store without certificates or --insecure" "give --tls_ca" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0
serves "the event store with --insecure on loopback" eventstore_server \
  "plaintext gRPC, loopback only" "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 --insecure
refused "plaintext beyond loopback" "plaintext gRPC listens on loopback only" \
  "$eventstore" --data_dir="$(data)" --listen=0.0.0.0:0 --insecure
refused "--insecure beside certificates" "--insecure contradicts" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 "${tls[@]}" --access_policy="$policy" --insecure
refused "certificates without a policy" "--access_policy is needed with TLS" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 "${tls[@]}"
refused "a server with the CA alone" "a server needs --tls_cert and --tls_key" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 --tls_ca="$certs/ca.pem" --access_policy="$policy"
refused "a policy without certificates" "--access_policy needs --tls_ca" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 --insecure --access_policy="$policy"
refused "a policy that cannot be read" "access policy: cannot read" \
  "$eventstore" --data_dir="$(data)" --listen=127.0.0.1:0 "${tls[@]}" --access_policy="$work/no-such-policy"
refused "a service without certificates or --insecure" "give --tls_ca" \
  "$build/services/nominations/nominations_server" --listen=127.0.0.1:0 \
  --rules_dir="$source_dir/rules/vn"

serves "awardd on a laptop, by default" awardd "plaintext gRPC, loopback only" \
  "$awardd" --data_dir="$(data)" --listen=127.0.0.1:0 --rules_dir="$source_dir/rules/vn"
refused "awardd in plaintext beyond loopback" "plaintext gRPC listens on loopback only" \
  "$awardd" --data_dir="$(data)" --listen=0.0.0.0:0 --rules_dir="$source_dir/rules/vn"
# A second server on an address in use: refused, naming it; the first keeps it.
first_log=$work/first.log
start_server eventstore_server "$first_log" "$eventstore" --data_dir="$(data)" \
  --listen=127.0.0.1:0 --insecure
pids+=("$SERVER_PID")
taken=$SERVER_ADDRESS
refused "a second event store on an address in use" "cannot listen on $taken: Address already in use" \
  "$eventstore" --data_dir="$(data)" --listen="$taken" --insecure
refused "awardd on an address in use" "cannot listen on $taken: Address already in use" \
  "$awardd" --data_dir="$(data)" --listen="$taken" --rules_dir="$source_dir/rules/vn"
kill -0 "$SERVER_PID" && grep -q "^eventstore_server listening on $taken" "$first_log"

# Whoever reads the ballot key opens every secret ballot sealed under it.
open_key_dir=$(data)
head -c 32 /dev/urandom >"$open_key_dir/council-ballot.key"
chmod 644 "$open_key_dir/council-ballot.key"
refused "awardd with a ballot key others may read" "chmod 600 $open_key_dir/council-ballot.key" \
  "$awardd" --data_dir="$open_key_dir" --listen=127.0.0.1:0 --rules_dir="$source_dir/rules/vn"
chmod 640 "$open_key_dir/council-ballot.key"
refused "the council with a ballot key its group may read" \
  "chmod 600 $open_key_dir/council-ballot.key" \
  "$build/services/council/council_server" --listen=127.0.0.1:0 --insecure \
  --event_store="$taken" --rules_dir="$source_dir/rules/vn" \
  --ballot_key_file="$open_key_dir/council-ballot.key"
chmod 600 "$open_key_dir/council-ballot.key"
serves "awardd with its ballot key for the owner only" awardd "plaintext gRPC" \
  "$awardd" --data_dir="$open_key_dir" --listen=127.0.0.1:0 --rules_dir="$source_dir/rules/vn"
echo "all start-up checks passed"
