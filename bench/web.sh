#!/usr/bin/env bash
# Median latency of the web app's pages against its static /healthz route, under 64 concurrent
# connections on loopback, with the demo history. The routes take turns for several rounds so a
# busy moment on the shared machine slows each alike; the ratio is the figure that matters.
#
# Usage (from the repository root; needs wrk, `apt-get install wrk`):
#   cargo build --release -p mastery
#   bench/web.sh [ROUNDS] [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-5}
mastery=${MASTERY:-target/release/mastery}
port=${PORT:-7979}
data=$(mktemp -d)
"$mastery" --data-dir "$data" serve --demo --port "$port" >/dev/null &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

routes=(/healthz / /domains/public-speaking)
declare -A medians
for round in $(seq "$rounds"); do
    for route in "${routes[@]}"; do
        # wrk --latency prints the distribution; its 50% line is the median, in us, ms or s.
        median=$(wrk --latency -t2 -c64 -d"${seconds}s" "http://127.0.0.1:$port$route" |
            awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else { sub(/s$/, "", v); v *= 1000 }; print v }')
        medians[$route]="${medians[$route]:-} $median"
        echo "round $round $route: median ${median} ms" >&2
    done
done

# The median of each route's per-round medians.
middle() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
health=$(echo "${medians[/healthz]}" | middle)
echo "| route | median latency (ms) | ratio to /healthz |"
echo "|---|---|---|"
for route in "${routes[@]}"; do
    m=$(echo "${medians[$route]}" | middle)
    echo "| \`$route\` | $m | $(awk -v a="$m" -v b="$health" 'BEGIN { printf "%.2f", a / b }') |"
done
