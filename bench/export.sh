#!/usr/bin/env bash
# Export and import of N attempts: time and peak memory of each, for BENCHMARKS.md.
#
#   cargo build --release -p mastery
#   bench/export.sh 10000 100000          # one line per N; MASTERY=PATH to bench another build
#
# The store is made with the CLI (the demo's four domains and their ladders), then its export
# is grown to N attempts by copying recorded attempts with fresh ids (python3): the attempts
# then reach the store through `mastery import`, which is the first thing measured.
set -euo pipefail
mastery=${MASTERY:-target/release/mastery}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$mastery" --data-dir "$work/seed" demo >/dev/null
"$mastery" --data-dir "$work/seed" export --format json --output "$work/seed.json" >/dev/null

measure() { # label, command…: prints "label seconds peak-MB"
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
    read -r seconds kb <"$work/time"
    printf '| %s | %s s | %.1f MB |\n' "$label" "$seconds" "$(echo "$kb / 1024" | bc -l)"
}

echo "| step | time | peak RSS |"
echo "|---|---|---|"
for n in "$@"; do
    python3 - "$work/seed.json" "$work/in-$n.json" "$n" <<'PY'
import json, sys, uuid
seed, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
document = json.load(open(seed))
recorded = [a for a in document["attempts"] if a["record"]]
document["plans_for_next_time"] = []
attempts = []
for i in range(n):
    copy = json.loads(json.dumps(recorded[i % len(recorded)]))
    copy["id"] = str(uuid.UUID(int=(0x0190 << 112) | (0x7 << 76) | (0x8 << 60) | i))
    attempts.append(copy)
document["attempts"] = attempts
json.dump(document, open(out, "w"))
PY
    bytes=$(stat -c %s "$work/in-$n.json")
    measure "import $n attempts ($((bytes / 1024 / 1024)) MB)" "$mastery" --data-dir "$work/d$n" import "$work/in-$n.json"
    measure "export $n attempts" "$mastery" --data-dir "$work/d$n" export --format json --output "$work/out-$n.json"
    rm -rf "$work/d$n" "$work"/*-"$n".json
done
