#!/usr/bin/env bash
# Median latency of the web app's pages against its static /healthz route, under 64 concurrent
# connections on loopback, with the pages rendered afresh for every request: the page cache
# (crates/mastery-web/src/cache.rs) keeps only requests without a query string, so each request
# here carries its own `?n=N` (a wrk Lua script counts them), which the pages ignore. The routes
# take turns for several rounds so a busy moment on the shared machine slows each alike.
#
# Usage (from the repository root; needs wrk and curl):
#   bench/target/release/scale --attempts 1000000 --keep /tmp/scale-1m   # builds the store
#   bench/scale-web.sh /tmp/scale-1m [ROUNDS] [SECONDS_PER_RUN]          # that store
#   bench/scale-web.sh demo [ROUNDS] [SECONDS_PER_RUN]                   # `serve --demo`
# The server's own log (slow statements and the like) goes to $SERVER_LOG when set.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:?usage: bench/scale-web.sh DIR|demo [ROUNDS] [SECONDS_PER_RUN]}
rounds=${2:-3}
seconds=${3:-5}
mastery=${MASTERY:-target/release/mastery}
port=${PORT:-7980}
scratch=$(mktemp -d)
if [ "$store" = demo ]; then
    "$mastery" --data-dir "$scratch" serve --demo --port "$port" >/dev/null 2>"${SERVER_LOG:-/dev/null}" &
    domain=${DOMAIN:-public-speaking}
else
    "$mastery" --data-dir "$store" serve --port "$port" >/dev/null 2>"${SERVER_LOG:-/dev/null}" &
    domain=${DOMAIN:-domain-0}
fi
server=$!
trap 'kill $server; rm -rf "$scratch"' EXIT
for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

# Every request its own query string, so none is served from the page cache.
cat >"$scratch/uncached.lua" <<'LUA'
local n = 0
request = function()
    n = n + 1
    return wrk.format(nil, wrk.path .. "?n=" .. n)
end
LUA

routes=(/healthz / "/domains/$domain")
# One request each, alone, first: what a person waits for.
for route in "${routes[@]}"; do
    curl -fsS -o /dev/null -w "single request $route?n=0: %{time_total} s, %{size_download} bytes\n" \
        "http://127.0.0.1:$port$route?n=0" >&2
done

source bench/wrk-rounds.sh
wrk_table "route (uncached)" --timeout 30s -s "$scratch/uncached.lua"
