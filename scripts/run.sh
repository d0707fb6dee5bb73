#!/usr/bin/env bash
# Sets up the machine, builds, and runs the event store server on a local data
# directory (default ./data, 127.0.0.1:50051). Arguments go to eventstore_server,
# e.g. scripts/run.sh --data_dir=/srv/award --listen=127.0.0.1:6000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/eventstore/grpc/eventstore_server "$@"
