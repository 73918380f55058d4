#!/usr/bin/env bash
# Checks that two builds of wolkvox-ivr export the same: CSV for Excel and plain CSV
# byte for byte, and .xlsx cell by cell (values read back with calamine, numbers to the
# last bit), on the 1M-call response and on every odd body of the fuzz seeds.
#
#     benches/same_output.sh OLD_BINARY [NEW_BINARY] [RESPONSE.json]
#
# OLD_BINARY is a release build of an earlier commit (e.g. `git worktree add` it
# elsewhere and `cargo build --release`); NEW_BINARY defaults to target/release/
# wolkvox-ivr, RESPONSE.json to target/peers/response-1000000.json (made by
# benches/peers/run.py). Prints one line per file and exits 1 if any differs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: same_output.sh OLD_BINARY [NEW_BINARY] [RESPONSE.json]}
new=${2:-$here/target/release/wolkvox-ivr}
big=${3:-$here/target/peers/response-1000000.json}
values=$here/target/release/examples/sheet_values
[ -x "$values" ] || (cd "$here" && cargo build --release --example sheet_values)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WOLKVOX_IVR_CONFIG_DIR=$tmp/config WOLKVOX_IVR_LOG_DIR=$tmp/logs
differ=0
inputs=("$big" "$here"/fuzz/seeds/response/*.json)
for input in "${inputs[@]}"; do
    name=$(basename "$input")
    for format in csv csv-plain xlsx; do
        ext=${format%-plain}
        for who in old new; do
            bin=$old
            [ "$who" = new ] && bin=$new
            # A body that is not a report fails the same way in both: compare exit codes.
            set +e
            # The same output path for both, as the message names it.
            "$bin" export --input "$input" --format "$format" --out "$tmp/out.$ext" \
                >/dev/null 2>"$tmp/$who.err"
            echo $? >"$tmp/$who.code"
            set -e
            [ -f "$tmp/out.$ext" ] && mv "$tmp/out.$ext" "$tmp/$who.$ext"
            if [ "$format" = xlsx ] && [ -f "$tmp/$who.xlsx" ]; then
                "$values" "$tmp/$who.xlsx" >"$tmp/$who.values"
                rm -f "$tmp/$who.xlsx"
            fi
        done
        same=yes
        cmp -s "$tmp/old.code" "$tmp/new.code" || same=no
        cmp -s "$tmp/old.err" "$tmp/new.err" || same=no
        if [ "$format" = xlsx ]; then
            if [ -f "$tmp/old.values" ] || [ -f "$tmp/new.values" ]; then
                cmp -s "$tmp/old.values" "$tmp/new.values" || same=no
            fi
        elif [ -f "$tmp/old.$ext" ] || [ -f "$tmp/new.$ext" ]; then
            cmp -s "$tmp/old.$ext" "$tmp/new.$ext" || same=no
        fi
        echo "$name $format: $([ $same = yes ] && echo same || echo DIFFERENT) (exit $(cat "$tmp/new.code"))"
        [ $same = yes ] || differ=1
        rm -f "$tmp"/old.* "$tmp"/new.*
    done
done
exit $differ
