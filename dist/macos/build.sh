#!/usr/bin/env bash
# Builds the macOS app bundle and disk image into target/dist/: "Wolkvox IVR.app" (a
# universal binary for Apple silicon and Intel, with the icon) inside a .dmg.
#
#   dist/macos/build.sh
#
# Needs: macOS with Xcode command line tools, Rust with the aarch64-apple-darwin and
# x86_64-apple-darwin targets. Run on macOS.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"version":"\([^"]*\)".*/\1/p' | head -1)
out=target/dist
mkdir -p "$out"

cargo build --release --locked --target aarch64-apple-darwin
cargo build --release --locked --target x86_64-apple-darwin

app="$out/Wolkvox IVR.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
lipo -create -output "$app/Contents/MacOS/wolkvox-ivr" \
    target/aarch64-apple-darwin/release/wolkvox-ivr \
    target/x86_64-apple-darwin/release/wolkvox-ivr
sed "s/VERSION/$version/g" dist/macos/Info.plist > "$app/Contents/Info.plist"
cp assets/icons/wolkvox-ivr.icns "$app/Contents/Resources/"
# Ad-hoc signature so Gatekeeper can at least verify the bundle is intact.
codesign --force --deep --sign - "$app"

dmg="$out/wolkvox-ivr-$version-macos.dmg"
rm -f "$dmg"
hdiutil create -volname "Wolkvox IVR" -srcfolder "$app" -ov -format UDZO "$dmg"
ls -l "$out"
