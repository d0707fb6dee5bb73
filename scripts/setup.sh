#!/usr/bin/env bash
# Installs, from Debian 12's archive only, everything the build, the tests and the
# benchmarks need. Idempotent: a second run installs nothing new.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc grpc-proto
  libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format prometheus-cpp-dev openssl
  clang libclang-rt-14-dev
  python3 python3-grpcio python3-protobuf python3-cryptography
)

# kubectl renders the Kubernetes manifests (kubectl kustomize); Debian's comes
# with kubernetes-client, unless the machine has one of its own.
if ! command -v kubectl >/dev/null 2>&1; then packages+=(kubernetes-client); fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
