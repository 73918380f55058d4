#!/usr/bin/env bash
# Builds the Linux artifacts into target/dist/: a .deb (cargo-deb) with the binary, the
# desktop entry, AppStream metadata and icons, and a .tar.gz of the same files.
#
#   dist/build-linux.sh
#
# Needs: Rust, gcc; cargo-deb is installed from crates.io when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"version":"\([^"]*\)".*/\1/p' | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
out=target/dist
mkdir -p "$out"

cargo build --release --locked
if ! command -v cargo-deb >/dev/null 2>&1; then
    cargo install cargo-deb --locked
fi
cargo deb --no-build --output "$out/wolkvox-ivr_${version}_${arch}.deb"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/wolkvox-ivr-$version"
mkdir -p "$root/share/applications" "$root/share/metainfo"
install -s -Dm755 target/release/wolkvox-ivr "$root/bin/wolkvox-ivr"
install -m644 dist/linux/wolkvox-ivr.desktop "$root/share/applications/"
install -m644 dist/linux/wolkvox-ivr.metainfo.xml "$root/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "assets/icons/wolkvox-ivr-$size.png" \
        "$root/share/icons/hicolor/${size}x${size}/apps/wolkvox-ivr.png"
done
install -m644 README.md "$root/"
tar -C "$stage" -czf "$out/wolkvox-ivr-${version}-linux-${arch}.tar.gz" "wolkvox-ivr-$version"
ls -l "$out"
