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
source bench/wrk-rounds.sh
wrk_table "route"
