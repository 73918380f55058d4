#!/usr/bin/env bash
# Builds the macOS app bundle and disk image into target/dist/: "Wolkvox IVR.app" (a
# universal binary for Apple silicon and Intel, with the icon) inside a .dmg that also
# holds a link to Applications to drag it onto.
#
#   dist/macos/build.sh
#   MACOS_SIGNING_IDENTITY="Developer ID Application: Name (TEAMID)" dist/macos/build.sh
#
# With MACOS_SIGNING_IDENTITY (a Developer ID certificate in a keychain this user can
# read) the app and the image are signed with it, with the hardened runtime and a secure
# timestamp that notarisation requires; without it the app gets an ad-hoc signature,
# which lets Gatekeeper check that the bundle is intact but names no developer.
#
# Needs: macOS with Xcode command line tools, Rust with the aarch64-apple-darwin and
# x86_64-apple-darwin targets. Run on macOS.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"version":"\([^"]*\)".*/\1/p' | head -1)
out=target/dist
mkdir -p "$out"
identity=${MACOS_SIGNING_IDENTITY:-}

cargo build --release --locked --target aarch64-apple-darwin
cargo build --release --locked --target x86_64-apple-darwin

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
app="$stage/Wolkvox IVR.app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
lipo -create -output "$app/Contents/MacOS/wolkvox-ivr" \
    target/aarch64-apple-darwin/release/wolkvox-ivr \
    target/x86_64-apple-darwin/release/wolkvox-ivr
sed "s/VERSION/$version/g" dist/macos/Info.plist > "$app/Contents/Info.plist"
cp assets/icons/wolkvox-ivr.icns "$app/Contents/Resources/"
if [[ -n "$identity" ]]; then
    codesign --force --options runtime --timestamp --sign "$identity" "$app"
else
    codesign --force --sign - "$app"
fi
codesign --verify --strict --verbose=2 "$app"
ln -s /Applications "$stage/Applications"

dmg="$out/wolkvox-ivr-$version-macos.dmg"
rm -f "$dmg"
# hdiutil now and then answers "Resource busy" on a busy machine; a second try passes.
for try in 1 2 3; do
    if hdiutil create -volname "Wolkvox IVR" -srcfolder "$stage" -ov -format UDZO "$dmg"; then
        break
    fi
    [[ $try == 3 ]] && exit 1
    sleep 5
done
if [[ -n "$identity" ]]; then
    codesign --force --timestamp --sign "$identity" "$dmg"
fi
rm -rf "$out/Wolkvox IVR.app"
ditto "$app" "$out/Wolkvox IVR.app"
ls -l "$out"
