#!/usr/bin/env bash
# Runs the release build on demo data in a virtual screen (Xvfb) with a window manager
# (openbox), as on a desktop, waits until the report has loaded, and saves a screenshot
# of the whole screen.
#
#   dist/screenshot.sh [OUT.png] [es|en] [WIDTHxHEIGHT] [table|details|charts|compare|trend|paths]
#
# POINTER="X Y" leaves the pointer there for the picture (to check hover texts).
# THEME=light or THEME=dark picks the theme (else the computer's, dark under Xvfb).
# "details" is the table with a call picked (a click on a row halfway down the screen).
# The pointer is moved to the screen's corner before the picture, so that no hover text
# covers it (needs xdotool).
# Each run is a first start: the window sizes itself to the screen (maximised on a
# screen smaller than it prefers) and opens on the view asked for.
#
# Needs: xvfb (xvfb-run), openbox, imagemagick (import), and Mesa (mesa-vulkan-drivers
# or libgl1-mesa-dri) for software rendering.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/screenshot.png}")
lang=${2:-es}
size=${3:-1366x768}
view=${4:-table}
if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --quiet
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/run" "$tmp/data/wolkvox-ivr" && chmod 700 "$tmp/run"
# The view the window opens on, as if it had been closed on it.
shown=$view
[ "$view" = details ] && shown=table
printf '{"main-view":"%s"}\n' "$shown" >"$tmp/data/wolkvox-ivr/app.ron"
if [ -n "${THEME:-}" ]; then
    mkdir -p "$tmp/config"
    printf '{"theme":"%s"}\n' "$THEME" >"$tmp/config/settings.json"
fi
export WOLKVOX_IVR_CONFIG_DIR="$tmp/config" WOLKVOX_IVR_LOG_DIR="$tmp/logs"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/xdg-config"
export APP="$PWD/target/release/wolkvox-ivr" OUT="$out" LANG_CHOICE="$lang" VIEW="$view"
export WIDTH=${size%x*} HEIGHT=${size#*x} POINTER=${POINTER:-}
xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    openbox >/dev/null 2>&1 &
    wm=$!
    sleep 1
    "$APP" --demo --lang "$LANG_CHOICE" &
    pid=$!
    for _ in $(seq 240); do
        grep -qs "report loaded" "$WOLKVOX_IVR_LOG_DIR"/* && break
        sleep 0.5
    done
    # Let a few frames settle after the last rows.
    sleep 3
    if command -v xdotool >/dev/null; then
        if [ "$VIEW" = details ]; then
            xdotool mousemove $((WIDTH / 3)) $((HEIGHT * 11 / 20)) click 1
            sleep 1
        fi
        # shellcheck disable=SC2086
        xdotool mousemove ${POINTER:-$WIDTH $HEIGHT}
        sleep 1
    fi
    import -window root "$OUT"
    kill "$pid" "$wm"
    wait "$pid" || true
'
echo "screenshot saved in $out"
