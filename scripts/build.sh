#!/usr/bin/env bash
# Configures (once) and builds everything into build/ with Ninja, and ccache
# when present. Extra arguments go to CMake at configure time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build build --parallel "$(nproc)"
