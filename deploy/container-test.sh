#!/usr/bin/env bash
# Builds the platform's image with podman on this kind of machine (FROM the
# debootstrap-made base), starts the event store and the nominations service
# as two containers on loopback, speaking mTLS with development certificates,
# and runs commands through them: health from inside each container, an
# authority registered by an appraiser, the log verified by an auditor.
# Not part of CI (the image build compiles the platform again, about half an
# hour on 2 cores); RUN_TESTS=0 skips the tests in the build stage, and
# REUSE_IMAGE=1 runs the image already built.
#
#   deploy/container-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${REUSE_IMAGE:-0}" != 1 ]; then deploy/build-image.sh; fi
source deploy/podman.sh

work=$(mktemp -d /var/tmp/award-container-test.XXXXXX)
names=()
cleanup() {
  for name in "${names[@]}"; do podman rm -f "$name" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
scripts/dev-certs.sh "$work/certs" eventstore nominations appraiser auditor >/dev/null
chmod 644 "$work/certs"/*  # read by the image's non-root user; development certificates only
cp deploy/policy/access-policy.dev.textproto "$work/policy.textproto"
mkdir -p "$work/data" && chmod 777 "$work/data"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
store_port=$(free_port)
nominations_port=$(free_port)
run() {  # run NAME ARGS...: a detached container on the host's loopback
  local name=$1
  shift
  names+=("$name")
  podman run -d --name "$name" --network host "${AWARD_ULIMITS[@]}" \
    -v "$work/certs:/certs:ro" -v "$work/policy.textproto:/config/access-policy.textproto:ro" \
    "$@" >/dev/null
}
tls() { echo "--tls_ca=/certs/ca.pem --tls_cert=/certs/$1.pem --tls_key=/certs/$1.key"; }

run award-test-eventstore -v "$work/data:/data" \
  -e AWARD_HEALTH_ADDRESS="127.0.0.1:$store_port" -e AWARD_HEALTH_TLS="$(tls eventstore)" \
  localhost/award-platform \
  eventstore_server --data_dir=/data/eventstore --listen="127.0.0.1:$store_port" \
  $(tls eventstore) --access_policy=/config/access-policy.textproto
run award-test-nominations localhost/award-platform \
  nominations_server --event_store="127.0.0.1:$store_port" --listen="127.0.0.1:$nominations_port" \
  --rules_dir=/usr/share/award/rules/vn $(tls nominations) \
  --access_policy=/config/access-policy.textproto

probe() {  # probe CONTAINER PORT CERT: liveness and readiness from inside the container
  for i in $(seq 1 50); do
    if podman exec "$1" award_health_probe --address="127.0.0.1:$2" --service= $(tls "$3") \
         2>/dev/null; then
      podman exec "$1" award_health_probe --address="127.0.0.1:$2" --service=award.liveness \
        $(tls "$3")
      echo "container-test: $1 is live and ready"
      return 0
    fi
    sleep 0.2
  done
  podman logs "$1" >&2
  echo "container-test: $1 did not become ready" >&2
  return 1
}
probe award-test-eventstore "$store_port" eventstore
probe award-test-nominations "$nominations_port" nominations
# The image's own HEALTHCHECK, as a container engine runs it (run by hand:
# podman schedules periodic checks through systemd, which these machines lack,
# and says so at each container's start).
podman healthcheck run award-test-eventstore
echo "container-test: the image's health check passes"

awardctl() {  # awardctl AS ARGS...: awardctl from the image, with AS's certificate
  local as=$1
  shift
  podman run --rm --no-healthcheck --network host "${AWARD_ULIMITS[@]}" \
    -v "$work/certs:/certs:ro" localhost/award-platform \
    awardctl --server="127.0.0.1:$nominations_port" --eventstore_server="127.0.0.1:$store_port" \
    $(tls "$as") --json "$@"
}
awardctl appraiser authority register --authority.authority_id=ubnd-xa-container \
  --authority.name="Ủy ban nhân dân xã Container" --authority.level=AUTHORITY_LEVEL_COMMUNE \
  --authority.decision_symbol=QĐ-UBND --authority.established_on.year=2025 \
  --authority.established_on.month=7 --authority.established_on.day=1 >"$work/registered.json"
awardctl auditor audit verify >"$work/verified.json"
grep -q '"ok":true' "$work/verified.json" || { cat "$work/verified.json"; exit 1; }
grep -q '"verified_count":"1"' "$work/verified.json" || { cat "$work/verified.json"; exit 1; }
echo "container-test: an authority registered through nominations_server, the log verified: passed"
