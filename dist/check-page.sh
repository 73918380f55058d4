#!/usr/bin/env bash
# Renders the demo report page in a real browser, in Spanish and English: a desktop and a
# phone screenshot (PNG) and a print to PDF, then checks that the PDF is A4 portrait with
# at most 4 pages. Installs nothing: needs Debian's `chromium` and `poppler-utils`.
#
#   dist/check-page.sh [PROGRAM] [OUTPUT_FOLDER]
#
# PROGRAM defaults to target/debug/wolkvox-ivr; pictures and PDFs go to OUTPUT_FOLDER
# (default: a new temporary folder), with each PDF page as a PNG for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

program=${1:-target/debug/wolkvox-ivr}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in chromium pdfinfo pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is missing: apt-get install chromium poppler-utils" >&2
        exit 1
    fi
done
if [[ ! -x $program ]]; then
    echo "$program is not built: cargo build --no-default-features" >&2
    exit 1
fi

max_pages=4
status=0

# Chromium runs as root here (--no-sandbox) and must try no network at all.
browser() {
    local profile
    profile=$(mktemp -d)
    timeout 120 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --host-resolver-rules="MAP * ~NOTFOUND" --no-pdf-header-footer \
        --user-data-dir="$profile" "$@" >/dev/null 2>&1
    local rc=$?
    rm -rf "$profile"
    return $rc
}

for lang in es en; do
    page="$out/demo-$lang.html"
    # Seven whole days before today (the same demo calls all day long), the first four
    # against the last three, so every section of the page is drawn.
    "$program" --lang "$lang" report --demo --from -7d --to yesterday \
        --a-from -7d --a-to -4d --b-from -3d --b-to yesterday --out "$page" 2>/dev/null
    url="file://$page"
    browser --window-size=1000,2600 --screenshot="$out/demo-$lang.png" "$url"
    browser --window-size=390,3400 --screenshot="$out/demo-$lang-phone.png" "$url"
    browser --print-to-pdf="$out/demo-$lang.pdf" "$url"

    pages=$(pdfinfo "$out/demo-$lang.pdf" | awk '/^Pages:/ {print $2}')
    # Every page about 595 x 842 pts (A4 portrait).
    bad=$(pdfinfo -f 1 -l "$pages" "$out/demo-$lang.pdf" | awk '
        /^Page +[0-9]+ size:/ {
            w = $4; h = $6
            if (w < 593 || w > 597 || h < 840 || h > 844) print $2 ": " w " x " h
        }')
    pdftoppm -png -r 60 "$out/demo-$lang.pdf" "$out/demo-$lang-page"
    if [[ -z $pages || $pages -gt $max_pages ]]; then
        echo "demo-$lang.pdf has ${pages:-no} pages; at most $max_pages expected" >&2
        status=1
    elif [[ -n $bad ]]; then
        echo "demo-$lang.pdf has pages that are not A4 portrait: $bad" >&2
        status=1
    else
        echo "demo-$lang.pdf: $pages A4 pages"
    fi
    for picture in "$out/demo-$lang.png" "$out/demo-$lang-phone.png"; do
        if [[ ! -s $picture ]]; then
            echo "no screenshot $picture" >&2
            status=1
        fi
    done
done
echo "pictures and PDFs in $out"
exit $status
