#!/usr/bin/env bash
# The server benchmark (issue 11): `mastery server` on PostgreSQL with PEOPLE people × 1,000
# recorded attempts, under 64 connections, against the minimal axum + sqlx `baseline` on the same
# database. The two servers take turns, route by route, for several rounds, so a busy moment on
# the shared machine slows each alike; the figure that matters is the ratio of median latencies.
#
# Usage (from the repository root; needs wrk and psql, and a PostgreSQL role that may create
# databases in $MASTERY_BENCH_POSTGRES_URL):
#   cargo build --release -p mastery
#   bench/server/run.sh [ROUNDS] [SECONDS_PER_RUN] [PEOPLE]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
seconds=${2:-10}
people=${3:-1000}
admin=${MASTERY_BENCH_POSTGRES_URL:-postgres://mastery:mastery@127.0.0.1:5432/postgres}
database=${admin%/*}/mastery_bench
mastery=${MASTERY:-target/release/mastery}
bench=bench/server/target/release
cargo build --release --quiet --manifest-path bench/server/Cargo.toml

psql -q "$admin" -c "DROP DATABASE IF EXISTS mastery_bench WITH (FORCE)" -c "CREATE DATABASE mastery_bench"
work=$(mktemp -d)
"$mastery" server --database "$database" --port 7981 --max-connections 16 2>"$work/server.log" &
server=$!
"$bench/baseline" "$database" 7982 &
baseline=$!
# The server's log outlives the run, so errors can be looked into.
trap 'kill $server $baseline 2>/dev/null; cp "$work/server.log" bench/server/target/server.log; rm -rf "$work"' EXIT
for _ in $(seq 200); do
    curl -fsS http://127.0.0.1:7981/readyz >/dev/null 2>&1 && break
    sleep 0.1
done

started=$(date +%s)
"$bench/seed" http://127.0.0.1:7981 "$people" >"$work/tokens.txt"
psql -q "$database" -f bench/server/seed.sql
echo "seeded $people people in $(($(date +%s) - started)) s:" \
    "$(psql -qtA "$database" -c "SELECT count(*) FROM attempts") attempts," \
    "database $(psql -qtA "$database" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")" >&2

export TOKENS=$work/tokens.txt
# One wrk run: prints "median_ms errors".
run() {
    wrk --latency -t2 -c64 -d"${seconds}s" -s bench/server/tokens.lua "$1" | awk '
        $1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else { sub(/s$/, "", v); v *= 1000 }; median = v }
        /requests in/ { requests = $1 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { for (i = 3; i <= NF; i += 2) errors += $(i + 1) }
        END { printf "%s %d %d\n", median, errors + 0, requests }'
}

routes=(/api/v1/domains /domains/public-speaking)
declare -A medians errors requests
for round in $(seq "$rounds"); do
    for route in "${routes[@]}"; do
        for side in mastery baseline; do
            port=7981; [ "$side" = baseline ] && port=7982
            read -r median failed count < <(run "http://127.0.0.1:$port$route")
            medians[$side$route]="${medians[$side$route]:-} $median"
            errors[$side$route]=$(( ${errors[$side$route]:-0} + failed ))
            requests[$side$route]=$(( ${requests[$side$route]:-0} + count ))
            echo "round $round $side $route: median $median ms, $failed errors of $count" >&2
        done
    done
done

middle() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "| route | mastery median (ms) | baseline median (ms) | ratio | errors (mastery / baseline) | requests (mastery / baseline) |"
echo "|---|---|---|---|---|---|"
for route in "${routes[@]}"; do
    m=$(echo "${medians[mastery$route]}" | middle)
    b=$(echo "${medians[baseline$route]}" | middle)
    ratio=$(awk -v a="$m" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
    echo "| \`$route\` | $m | $b | $ratio | ${errors[mastery$route]} / ${errors[baseline$route]} | ${requests[mastery$route]} / ${requests[baseline$route]} |"
done
echo "mastery's answers by status (its log: bench/server/target/server.log):" >&2
grep -o 'status=[0-9]*' "$work/server.log" | sort | uniq -c >&2
