#!/usr/bin/env bash
# Sync of N attempts through `mastery server`: time, bytes and peak memory, for BENCHMARKS.md.
#
#   bench/sync.sh 100000                                              # SQLite server
#   bench/sync.sh 100000 postgres://mastery:mastery@127.0.0.1/postgres # and PostgreSQL
#   REPEAT=3 bench/sync.sh 100000                                     # one row per step and run
#
# Builds `--release` (MASTERY=PATH to bench another build instead). The device's store is made as
# in bench/export.sh: the demo's four domains and their ladders, its recorded attempts copied to
# N with fresh ids, spread back over five years, and brought in with `mastery import`. Then, on a
# fresh server database each run: the device's first sync (everything goes up), a second sync
# with nothing new, a new device pulling everything, then one attempt logged on the first device
# going up and coming down to the second. The PostgreSQL URL is an administrative
# one: each run creates a database of its own there (with psql) and drops it afterwards.
set -euo pipefail
n=${1:-100000}
postgres=${2:-}
repeat=${REPEAT:-1}
if [[ -z ${MASTERY:-} ]]; then
    cargo build --release -p mastery >&2
fi
mastery=$(realpath "${MASTERY:-target/release/mastery}")
work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
password="staple battery correct horse"

"$mastery" --data-dir "$work/seed" demo >/dev/null
"$mastery" --data-dir "$work/seed" export --format json --output "$work/seed.json" >/dev/null
python3 - "$work/seed.json" "$work/history.json" "$n" <<'PY'
import datetime, json, sys, uuid
seed, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
document = json.load(open(seed))
recorded = [a for a in document["attempts"] if a["record"]]
document["plans_for_next_time"] = []
years = 5 * 365
def back(value, days):
    if value is None:
        return None
    if len(value) == 10:
        return (datetime.date.fromisoformat(value) - datetime.timedelta(days=days)).isoformat()
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")) - datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
attempts = []
for i in range(n):
    copy = json.loads(json.dumps(recorded[i % len(recorded)]))
    copy["id"] = str(uuid.UUID(int=(0x0190 << 112) | (0x7 << 76) | (0x8 << 60) | i))
    days = (n - 1 - i) * years // max(n, 1)  # the first copies five years back, the last today
    forecast, record = copy["forecast"], copy["record"]
    forecast["planned_at"] = back(forecast["planned_at"], days)
    forecast["planned_on"] = back(forecast["planned_on"], days)
    record["recorded_at"] = back(record["recorded_at"], days)
    attempts.append(copy)
document["attempts"] = attempts
json.dump(document, open(out, "w"))
PY
"$mastery" --data-dir "$work/history" import "$work/history.json" >/dev/null
rung=$(jq -r '.challenges[0].slug' "$work/seed.json")

# Starts a server on the database $1; sets $server_pid and $base.
start_server() {
    "$mastery" server --database "$1" --port 0 --max-connections 4 2>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 600); do
        base=$(sed -n 's/.*Mastery server ready.*public_url=\([^ ]*\).*/\1/p' "$work/server.log")
        [[ -n $base ]] && return
        sleep 0.1
    done
    echo "the server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# The server's peak resident memory so far, in MB.
server_peak() {
    awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"
}

# Runs `mastery sync` on the device $2 and prints a row labelled $1.
measure() {
    local label=$1 dir=$2
    /usr/bin/time -f "%e %M" -o "$work/time" "$mastery" --data-dir "$dir" --json sync >"$work/sync.json"
    read -r seconds kb <"$work/time"
    python3 - "$work/sync.json" "$backend" "$label" "$seconds" "$kb" "$(server_peak)" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
backend, label, seconds, kb, server_mb = sys.argv[2:7]
mb = lambda b: f"{b / 1e6:.1f} MB" if b >= 1e5 else f"{b / 1e3:.1f} kB"
print(f"| {backend} | {label} | {float(seconds):.2f} s | {report['sent']} / {report['received']} "
      f"| {report['requests']} | {mb(report['bytes_sent'])} | {mb(report['bytes_received'])} "
      f"| {int(kb) / 1024:.0f} MB | {server_mb} MB |")
PY
}

bench() { # backend, database URL
    backend=$1
    start_server "$2"
    curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
        -d "{\"username\":\"ada\",\"password\":\"$password\"}" "$base/api/v1/auth/signup"
    rm -rf "$work/laptop" "$work/phone"
    cp -r "$work/history" "$work/laptop"
    for device in laptop phone; do
        printf '%s\n' "$password" |
            "$mastery" --data-dir "$work/$device" login "$base" --user ada --password-stdin >/dev/null
    done
    measure "first sync, $n attempts up" "$work/laptop"
    measure "second sync, nothing new" "$work/laptop"
    measure "new device, $n attempts down" "$work/phone"
    "$mastery" --data-dir "$work/laptop" attempt log "$rung" --confidence 60 --outcome success --did "one more" >/dev/null
    measure "one new attempt up" "$work/laptop"
    measure "one new attempt down" "$work/phone"
    stop_server
}

echo "| server | step | time | changes sent / received | requests | bytes sent | bytes received | device peak RSS | server peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
for run in $(seq "$repeat"); do
    rm -f "$work/server.db"*
    bench SQLite "sqlite://$work/server.db"
    if [[ -n $postgres ]]; then
        name="mastery_bench_sync_$$_$run"
        psql -q "$postgres" -c "CREATE DATABASE $name"
        bench PostgreSQL "$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$postgres" "$name")"
        psql -q "$postgres" -c "DROP DATABASE $name"
    fi
done
