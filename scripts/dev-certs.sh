#!/usr/bin/env bash
# Makes a development CA and, for each name given, a certificate it signs,
# for local runs and tests of the platform over mTLS:
#
#   scripts/dev-certs.sh DIR [NAME ...]
#
# DIR gets ca.pem and ca.key (kept if there), and NAME.pem and NAME.key for
# each NAME (kept if there). The certificate's common name is NAME: the
# principal the access policy names. Each serves and calls (both TLS uses),
# for localhost, 127.0.0.1 and the host name NAME (a container's name).
# Without names: the platform's servers and the parties of
# deploy/policy/access-policy.dev.textproto. DIR also gets council-ballot.key (32
# random bytes, kept if there), the secret every council_server shares, and
# the log's and its witness's keys (scripts/dev-log-keys.py).
#
# For development only: the CA key lies beside the certificates, unencrypted.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [NAME ...]" >&2
  exit 2
fi
dir=$1
shift
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=(eventstore nominations council decisions query awardd witness
         clerk appraiser secretary tl-05 chair auditor operator hrm-system outsider)
fi
mkdir -p "$dir"
umask 077

if [ ! -f "$dir/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 \
    -subj "/O=award platform (development)/CN=award development CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

for name in "${names[@]}"; do
  if [[ ! "$name" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "$0: $name: a name is letters, digits, '.', '_' or '-'" >&2
    exit 2
  fi
  [ -f "$dir/$name.pem" ] && continue
  extensions=$(mktemp)
  trap 'rm -f "$extensions" "$dir/$name.csr"' EXIT
  cat >"$extensions" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,DNS:$name,IP:127.0.0.1
EXT
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" \
    -subj "/O=award platform (development)/CN=$name" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -out "$dir/$name.pem" -days 825 -extfile "$extensions" 2>/dev/null
  rm -f "$dir/$name.csr" "$extensions"
  trap - EXIT
done
if [ ! -f "$dir/council-ballot.key" ]; then
  head -c 32 /dev/urandom >"$dir/council-ballot.key"
fi
# The log's key and its witness's (log-signing.key/.pub, witness-cosigning.key/.pub).
"$(dirname "$0")/dev-log-keys.py" "$dir"
chmod 644 "$dir"/*.pem
echo "dev-certs: CA and ${#names[@]} certificates in $dir"
