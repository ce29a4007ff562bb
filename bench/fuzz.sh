#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ (cargo fuzz, libFuzzer) for a bounded time and reports, per
# target, the inputs run, their rate, the corpus size and the outcome. A target that fails leaves
# its input in fuzz/artifacts/TARGET/; fix the bug, then keep the input as a regression test by
# copying it into the owning crate's tests/fuzz-regressions/TARGET/ (mastery-domain for when,
# scale_toml and program_toml; mastery-app for the import_* targets), which `cargo test` replays.
#
# Usage (from anywhere; needs `cargo install cargo-fuzz`; libFuzzer wants nightly, and a stable
# toolchain builds it with RUSTC_BOOTSTRAP=1, which this script sets):
#   bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      # 60 s each, every target by default
# SANITIZER=address to build with AddressSanitizer (default none: the code under test forbids
# unsafe, and panics are what the targets look for). The grown corpus stays in fuzz/corpus/
# (ignored by git) and is reused by the next run; the committed seeds are fuzz/seeds/TARGET/.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-60}
shift $(($# > 0 ? 1 : 0))
export RUSTC_BOOTSTRAP=1
sanitizer=${SANITIZER:-none}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi

# One build of every target first, so the time budget is spent fuzzing. Debug assertions are on:
# an arithmetic overflow is a failure too.
cargo fuzz build --sanitizer "$sanitizer" --debug-assertions || exit 1

failed=0
report="| target | seconds | inputs run | inputs/s | corpus | peak RSS | outcome |\n|---|---|---|---|---|---|---|\n"
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    log=$(mktemp)
    cargo fuzz run --sanitizer "$sanitizer" --debug-assertions "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    # The time actually spent: "Done N runs in S second(s)" when it ran to the end.
    spent=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    spent=${spent:-$seconds}
    corpus=$(find "corpus/$target" -type f | wc -l)
    if [ "$status" -eq 0 ]; then
        outcome="no failure"
    else
        failed=1
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        outcome="**failed** (${artifact:-see log}); log kept at $log"
        grep -m 5 -E "panicked|ERROR" "$log" >&2
    fi
    rate=$(( ${runs:-0} / (spent > 0 ? spent : 1) ))
    report+="| \`$target\` | $spent | ${runs:-?} | $rate | $corpus | ${rss:-?} MB | $outcome |\n"
    [ "$status" -eq 0 ] && rm -f "$log"
    printf '%s: %s runs in %s s, %s\n' "$target" "${runs:-?}" "$spent" "$outcome" >&2
done
printf '\n%b' "$report"
exit "$failed"
