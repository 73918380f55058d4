#!/usr/bin/env bash
# Runs the release build on demo data in a virtual screen (Xvfb), waits until the
# report has loaded, and saves a screenshot of the window.
#
#   dist/screenshot.sh [OUT.png] [es|en]
#
# Needs: xvfb (xvfb-run), imagemagick (import), and Mesa (mesa-vulkan-drivers or
# libgl1-mesa-dri) for software rendering.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/screenshot.png}")
lang=${2:-en}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/run" && chmod 700 "$tmp/run"
export WOLKVOX_IVR_CONFIG_DIR="$tmp/config" WOLKVOX_IVR_LOG_DIR="$tmp/logs" XDG_RUNTIME_DIR="$tmp/run"
export APP="$PWD/target/release/wolkvox-ivr" OUT="$out" LANG_CHOICE="$lang"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$APP" --demo --lang "$LANG_CHOICE" &
    pid=$!
    for _ in $(seq 240); do
        grep -qs "report loaded" "$WOLKVOX_IVR_LOG_DIR"/* && break
        sleep 0.5
    done
    # Let a few frames settle after the last rows.
    sleep 3
    import -window root "$OUT"
    kill "$pid"
    wait "$pid" || true
'
echo "screenshot saved in $out"
