#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for FUZZ_SECONDS (default
# 10) from the seed corpus in tests/fuzz/corpus/NAME. New inputs go to a temporary directory;
# a crash is saved as crash-* and fails the run (keep it in the corpus as a regression input).
# bench/fuzz-long.sh runs the same for 10 minutes each.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs="${FUZZ_SECONDS:-10}"
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debugoptimized >/dev/null || exit 1
fi
ninja -C build-fuzz >/dev/null || { ninja -C build-fuzz 2>&1 | grep -E "error|FAILED" | head -20; echo "fuzz: the build failed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work" /tmp/dj-fuzz-*.db*' EXIT
passed=0 failed=0
for t in fuzz_route fuzz_validators fuzz_import fuzz_api fuzz_http \
  fuzz_public; do
  mkdir -p "$work/$t"
  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 build-fuzz/tests/fuzz/$t -max_total_time="$secs" -max_len=4096 \
       -close_fd_mask=1 -artifact_prefix="$work/" "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    echo "ok   $t: $(grep -Eo 'Done [0-9]+ runs' "$work/$t.log")"
    passed=$((passed + 1))
  else
    echo "FAIL $t"; grep -E "ERROR|SUMMARY|runtime error" "$work/$t.log" | head -5
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* . 2>/dev/null
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
