#!/usr/bin/env bash
# Times the window's first frame: starts the release build RUNS times (default 5) under
# Xvfb (software rendering, no saved settings, no keychain) and prints each time from
# the start of the program to its first frame, as the program logs it at debug level,
# then their median.
#
#     dist/first-frame.sh [RUNS] [BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
bin=${2:-$here/target/release/wolkvox-ivr}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
times=()
for run in $(seq "$runs"); do
    log=$tmp/run-$run.log
    : >"$log"
    WOLKVOX_IVR_CONFIG_DIR=$tmp/config-$run WOLKVOX_IVR_LOG_DIR=$tmp/logs-$run \
        RUST_LOG=wolkvox_ivr=debug LIBGL_ALWAYS_SOFTWARE=1 \
        xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
            "$0" 2>"$1" &
            app=$!
            for _ in $(seq 200); do
                grep -q "first frame after" "$1" && break
                sleep 0.05
            done
            kill "$app" 2>/dev/null || true
            wait "$app" 2>/dev/null || true
        ' "$bin" "$log"
    ms=$(grep -o "first frame after [0-9]* ms" "$log" | grep -o "[0-9]*" | head -1 || true)
    if [ -z "$ms" ]; then
        echo "run $run: no first frame within 10 s; its log:" >&2
        tail -5 "$log" >&2
        exit 1
    fi
    echo "run $run: first frame after $ms ms"
    times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median of $runs: $median ms"
