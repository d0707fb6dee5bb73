#!/usr/bin/env bash
# Generates the Python stubs from proto/ with Debian's protoc and
# grpc_python_plugin, then drives one nomination from draft to decision
# against awardd at the given address (default 127.0.0.1:50050).
#
#   examples/python/run.sh [HOST:PORT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stubs="$(mktemp -d)"
trap 'rm -rf "$stubs"' EXIT
protoc -I "$root/proto" --python_out="$stubs" --grpc_python_out="$stubs" \
  --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  "$root"/proto/award/v1/*.proto
# Debian's interpreter: the one that sees python3-grpcio and python3-protobuf.
PYTHONPATH="$stubs" /usr/bin/python3 "$here/drive_nomination.py" --server="${1:-127.0.0.1:50050}"
