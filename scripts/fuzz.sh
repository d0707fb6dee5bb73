#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ (with
# AddressSanitizer and UndefinedBehaviorSanitizer) and runs each from its seed
# corpus (tests/fuzz/corpus/TARGET) for FUZZ_SECONDS seconds (default 10): the
# record decoder, the event store's requests as its server converts them, and
# each service's requests as the edge checks and the handlers normalise them.
# Any crash, failed property or sanitizer report fails it, and the input that
# found it is left in build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
seconds=${FUZZ_SECONDS:-10}
targets=(record_decoder_fuzz eventstore_requests_fuzz nominations_requests_fuzz
  council_requests_fuzz decisions_requests_fuzz query_requests_fuzz receipt_fuzz)
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAWARD_BUILD_TESTS=OFF -DAWARD_BUILD_BENCH=OFF -DAWARD_BUILD_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
fi
cmake --build build-fuzz --parallel "$(nproc)" --target "${targets[@]}"
mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  corpus=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$target/." "$corpus/"
  echo "fuzz: $target for ${seconds}s"
  log="build-fuzz/findings/$target.log"
  # The fuzzer's own exit status decides, not the filter's: a finding exits non-zero.
  status=0
  "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/findings/ -print_final_stats=1 "$corpus" >"$log" 2>&1 ||
    status=$?
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|.*ERROR|.*deadly)" \
    "$log" || true
  rm -rf "$corpus"
  if [ "$status" -ne 0 ]; then
    # The stack and the input, where CI shows them.
    sed -n '/ERROR: libFuzzer\|ERROR: AddressSanitizer\|runtime error/,$p' "$log" | head -n 60 >&2
    echo "fuzz: $target failed (exit $status); the input and $log are in build-fuzz/findings/" >&2
    exit 1
  fi
done
echo "fuzz: every target ran ${seconds}s without a finding"
