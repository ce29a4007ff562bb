# Sourced by web.sh and scale-web.sh: runs wrk against each of `routes` in turn for `rounds`
# rounds of `seconds` seconds on `port` (64 connections), then prints a Markdown table of each
# route's median of per-round medians and its ratio to /healthz.
#
# Usage: wrk_table HEADING [EXTRA_WRK_ARGS...]
wrk_table() {
    local heading=$1
    shift
    declare -A medians
    for round in $(seq "$rounds"); do
        for route in "${routes[@]}"; do
            # wrk --latency prints the distribution; its 50% line is the median, in us, ms or s.
            median=$(wrk --latency -t2 -c64 -d"${seconds}s" "$@" "http://127.0.0.1:$port$route" |
                awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else { sub(/s$/, "", v); v *= 1000 }; print v }')
            medians[$route]="${medians[$route]:-} $median"
            echo "round $round $route: median ${median} ms" >&2
        done
    done
    # The median of each route's per-round medians.
    middle() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
    local health
    health=$(echo "${medians[/healthz]}" | middle)
    echo "| $heading | median latency (ms) | ratio to /healthz |"
    echo "|---|---|---|"
    for route in "${routes[@]}"; do
        m=$(echo "${medians[$route]}" | middle)
        echo "| \`$route\` | $m | $(awk -v a="$m" -v b="$health" 'BEGIN { printf "%.2f", a / b }') |"
    done
}
