#!/usr/bin/env bash
# Builds the Linux artifacts into target/dist/: a .deb (cargo-deb) with the binary, the
# desktop entry, AppStream metadata and icons, and a .tar.gz of the same files.
#
#   dist/build-linux.sh
#
# Needs: Rust, gcc, binutils (readelf); cargo-deb is installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"version":"\([^"]*\)".*/\1/p' | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
out=target/dist
mkdir -p "$out"

cargo build --release --locked
bin=target/release/wolkvox-ivr
# The release profile strips the binary (Cargo.toml); both packages ship it as built, so
# a profile change that brings the symbols back fails here instead of adding ~9 MB.
if readelf --section-headers "$bin" | grep -q '\.symtab'; then
    echo "$bin still has its symbol table: check strip in [profile.release]" >&2
    exit 1
fi
if ! command -v cargo-deb >/dev/null 2>&1; then
    cargo install cargo-deb --version 3.8.0 --locked
fi
cargo deb --no-build --output "$out/wolkvox-ivr_${version}_${arch}.deb"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/wolkvox-ivr-$version"
mkdir -p "$root/share/applications" "$root/share/metainfo"
install -Dm755 "$bin" "$root/bin/wolkvox-ivr"
install -m644 dist/linux/wolkvox-ivr.desktop "$root/share/applications/"
install -m644 dist/linux/wolkvox-ivr.metainfo.xml "$root/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "assets/icons/wolkvox-ivr-$size.png" \
        "$root/share/icons/hicolor/${size}x${size}/apps/wolkvox-ivr.png"
done
install -m644 README.md "$root/"
tar -C "$stage" -czf "$out/wolkvox-ivr-${version}-linux-${arch}.tar.gz" "wolkvox-ivr-$version"
ls -l "$out"
