#!/usr/bin/env bash
# Screenshots of the table, a call's details and the charts at 1366×768 (the common office laptop) and
# 1920×1080, in Spanish and in English, for checking that nothing is cut. The 1366×768
# Spanish table becomes the README's picture (docs/screenshot.png).
#
#   dist/screenshots.sh [OUT_DIR]      (default: target/screenshots)
#
# Needs what dist/screenshot.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-target/screenshots}")
mkdir -p "$dir"
if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --quiet
fi
for size in 1366x768 1920x1080; do
    for lang in es en; do
        for view in table details charts; do
            SKIP_BUILD=1 dist/screenshot.sh "$dir/$size-$lang-$view.png" "$lang" "$size" "$view"
        done
    done
done
cp "$dir/1366x768-es-table.png" docs/screenshot.png
echo "screenshots in $dir; docs/screenshot.png is the 1366x768 Spanish table"
