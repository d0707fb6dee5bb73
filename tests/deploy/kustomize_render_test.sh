#!/usr/bin/env bash
# Renders the Kubernetes manifests (deploy/k8s/dev over deploy/k8s/base) with
# kubectl kustomize, in a copy of the tree with development certificates, and
# checks what the deployment promises: the event store a single-replica
# StatefulSet on a persistent volume, the services Deployments with gRPC
# liveness and readiness probes, resources, a PodDisruptionBudget each, the
# NetworkPolicy, the rule sets and the policy as ConfigMaps, the certificates
# as a Secret, and the same image everywhere.
#
#   tests/deploy/kustomize_render_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_dir/deploy" "$source_dir/rules" "$source_dir/scripts" "$work/"
rm -rf "$work/deploy/k8s/dev/certs"
"$work/scripts/dev-certs.sh" "$work/deploy/k8s/dev/certs" \
  eventstore nominations council decisions query witness >/dev/null

rendered="$work/rendered.yaml"
kubectl kustomize "$work/deploy/k8s/dev" >"$rendered"

fail=0
expect() {  # expect COUNT DESCRIPTION PATTERN: grep -c of PATTERN is COUNT
  local got
  got=$(grep -cE -- "$3" "$rendered" || true)
  if [ "$got" != "$1" ]; then
    echo "FAIL: $2: expected $1, found $got ($3)"
    fail=1
  else
    echo "ok: $2"
  fi
}
expect 2 "two StatefulSets (the event store, its witness)" '^kind: StatefulSet$'
expect 4 "four Deployments (the services)" '^kind: Deployment$'
expect 6 "six Services" '^kind: Service$'
expect 4 "a PodDisruptionBudget per service" '^kind: PodDisruptionBudget$'
expect 2 "a NetworkPolicy for the event store and one for the witness" '^kind: NetworkPolicy$'
expect 1 "the certificates as one Secret" '^kind: Secret$'
expect 4 "rules, overrides, the access policy and the log's keys as ConfigMaps" '^kind: ConfigMap$'
expect 2 "the event store and the witness keep one replica" '^  replicas: 1$'
expect 2 "persistent volumes for the log and the witness" 'volumeClaimTemplates:'
expect 6 "a liveness probe per server" 'livenessProbe:'
expect 6 "a readiness probe per server" 'readinessProbe:'
expect 6 "liveness asks award.liveness" '^ +- --service=award\.liveness$'
expect 12 "the probes speak mTLS with the pod's certificate" '^ +- --tls_server_name='
expect 6 "resource limits per server" '^ +limits:'
expect 9 "the same image everywhere (the three key copies too)" \
  'image: localhost/award-platform:latest'
expect 6 "non-root" 'runAsNonRoot: true'
# Four services' pods, and the NetworkPolicy that lets only them in.
expect 5 "only services reach the event store" 'award\.platform/role: service$'
expect 1 "the event store's gRPC port behind the NetworkPolicy" '^ +- port: 50051$'
expect 3 "the rule sets mounted where the servers read them" 'mountPath: /etc/award/rules/vn'
for key in ca.pem eventstore.key council-ballot.key; do
  expect 1 "the Secret holds $key" "^  $key: "
done
expect 1 "the policy under its file name" '^  access-policy\.textproto: \|'
expect 1 "the council's ballot key copied for its user alone" '^ +- /ballot/council-ballot\.key$'
expect 3 "  ... by install -m 600, as are the log's and the witness's keys" '^ +- "600"$'
expect 1 "the council reads that copy" '^ +- --ballot_key_file=/ballot/council-ballot\.key$'
expect 1 "the log signs with its copy" '^ +- --log_key_file=/keys/log-signing\.key$'
expect 1 "the latest checkpoint on a volume of its own" '^ +- --checkpoint_file=/checkpoints/latest$'
expect 1 "the log sends its checkpoints to the witness" '^ +- --witnesses=witness:50070@\$\(WITNESS_KEY\)$'
expect 1 "the witness follows the log's key" '^ +- --log_keys=\$\(LOG_KEY\)$'
expect 1 "only the event store reaches the witness" '^ +- port: 50070$'
exit $fail
