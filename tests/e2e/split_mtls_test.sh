#!/usr/bin/env bash
# The split deployment over mTLS, as separate processes on loopback: the event
# store, nominations_server and query_server, each with its own certificate
# and the development access policy. A person's command through the service
# reaches the log recorded under the caller's certificate and is read back
# through the query service; a service started with a certificate that holds
# no platform-service role is refused by the event store. The log's witness
# runs with its own certificate too, and cosigns the log's checkpoints, which
# the event store sends it under its certificate.
#
#   tests/e2e/split_mtls_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
source "$(dirname "$0")/server_lib.sh"
with_work_dir

"$source_dir/scripts/dev-certs.sh" "$work/certs" eventstore nominations query appraiser auditor \
  clerk witness >/dev/null
certs=$work/certs
policy=$source_dir/deploy/policy/access-policy.dev.textproto
tls() { echo "--tls_ca=$certs/ca.pem --tls_cert=$certs/$1.pem --tls_key=$certs/$1.key"; }

start() {  # start NAME LOG ARGS...: on a free loopback port; sets ADDRESS
  local name=$1 log=$2
  shift 2
  start_server "$name" "$log" "$@" --listen=127.0.0.1:0 --log_requests=false || return 1
  pids+=("$SERVER_PID")
  ADDRESS=$SERVER_ADDRESS
}

start_server award_witness "$work/w.log" "$build/witness/award_witness" --listen=127.0.0.1:0 \
  --state_dir="$work/witness" --witness_key_file="$certs/witness-cosigning.key" \
  --log_keys="$(cat "$certs/log-signing.pub")" $(tls witness) --access_policy="$policy"
pids+=("$SERVER_PID")
witness=$SERVER_ADDRESS
start eventstore_server "$work/es.log" "$build/eventstore/grpc/eventstore_server" \
  --data_dir="$work/log" $(tls eventstore) --access_policy="$policy" \
  --log_key_file="$certs/log-signing.key" --checkpoint_file="$work/checkpoint" \
  --checkpoint_interval=100ms --witnesses="$witness@$(cat "$certs/witness-cosigning.pub")"
store=$ADDRESS
grep -q "(mTLS, access policy" "$work/es.log"
start nominations_server "$work/n.log" "$build/services/nominations/nominations_server" \
  --event_store="$store" --rules_dir="$source_dir/rules/vn" $(tls nominations) \
  --access_policy="$policy"
nominations=$ADDRESS
start query_server "$work/q.log" "$build/services/query/query_server" --event_store="$store" \
  --data_dir="$work/query" $(tls query) --access_policy="$policy"
query=$ADDRESS

awardctl() {  # awardctl AS NOMINATIONS_ADDRESS ARGS...
  local as=$1 via=$2
  shift 2
  "$build/tools/awardctl/awardctl" --server="$via" --query_server="$query" \
    --eventstore_server="$store" $(tls "$as") --timeout=10s --json "$@"
}
register() {  # register AS VIA ID
  awardctl "$1" "$2" authority register --authority.authority_id="$3" \
    --authority.name="Ủy ban nhân dân xã Thử" --authority.level=AUTHORITY_LEVEL_COMMUNE \
    --authority.decision_symbol=QĐ-UBND --authority.established_on.year=2025 \
    --authority.established_on.month=7 --authority.established_on.day=1
}

register appraiser "$nominations" ubnd-xa-thu >/dev/null
echo "ok: the appraiser registered an authority through nominations_server"
awardctl auditor "$nominations" audit verify | grep -q '"verified_count":"1"'
echo "ok: the auditor verified the log at the event store"
for _ in $(seq 1 100); do
  grep -qs "^— witness.local/w1 " "$work/checkpoint" && break
  sleep 0.1
done
grep -q "^— witness.local/w1 " "$work/checkpoint" || {
  echo "the witness did not cosign over mTLS:" >&2
  cat "$work/es.log" "$work/w.log" >&2
  exit 1
}
[ -n "$(ls "$work/witness/logs")" ] && [ -z "$(ls "$work/witness/evidence")" ]
echo "ok: the witness cosigned the log's checkpoint over mTLS"
awardctl auditor "$nominations" audit trail --actor=appraiser --min_position=0 >"$work/trail.json"
grep -q 'authority-ubnd-xa-thu' "$work/trail.json"
echo "ok: the query service shows the act under the appraiser's certificate"

# A clerk may not register authorities: refused before the service acts.
if register clerk "$nominations" ubnd-xa-khac >"$work/clerk.out" 2>&1; then
  echo "FAIL: a clerk registered an authority" >&2
  exit 1
fi
grep -q PERMISSION_DENIED "$work/clerk.out"
echo "ok: a clerk may not register an authority"

# A service process with a certificate that is no platform service's.
start nominations_server "$work/rogue.log" "$build/services/nominations/nominations_server" \
  --event_store="$store" --rules_dir="$source_dir/rules/vn" $(tls clerk) --access_policy="$policy"
rogue=$ADDRESS
if register appraiser "$rogue" ubnd-xa-rogue >"$work/rogue.out" 2>&1; then
  echo "FAIL: a service without the platform-service role wrote to the log" >&2
  exit 1
fi
grep -q PERMISSION_DENIED "$work/rogue.out"
echo "ok: the event store refuses a service whose certificate holds no platform-service role"
awardctl auditor "$nominations" audit verify | grep -q '"verified_count":"1"'
echo "ok: nothing more reached the log"
