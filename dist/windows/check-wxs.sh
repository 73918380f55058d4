#!/usr/bin/env bash
# Checks the Windows installer source on Linux, as far as a Linux tool can: wixl
# (msitools) builds a test MSI from dist/windows/wolkvox-ivr.wxs around a placeholder
# executable, failing on any element or attribute it does not read, and msiinfo then
# checks what the runner's MSI must do: install per user without elevation, into
# %LOCALAPPDATA%\Programs, with a Start-menu shortcut, the icon and version in the
# uninstall entry, and the profile folders removed again.
#
#   dist/windows/check-wxs.sh
#
# Needs: wixl and msitools (Debian packages of the same names). WiX's own candle and
# light, and their ICE validation, run only on Windows (.github/workflows/release.yml).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -1)
work=target/wixl-check
rm -rf "$work"
mkdir -p "$work"
printf 'MZ placeholder for wolkvox-ivr.exe\n' > "$work/wolkvox-ivr.exe"
msi="$work/wolkvox-ivr.msi"
# wixl resolves sources relative to here, so the executable's folder is given relative.
G_DEBUG=fatal-warnings wixl --arch x64 -D Version="$version" -D CargoTargetBinDir="$work" \
    -o "$msi" dist/windows/wolkvox-ivr.wxs

fail() {
    echo "dist/windows/wolkvox-ivr.wxs: $*" >&2
    exit 1
}
# Run in the work folder: exporting a table with binary columns writes them out there.
table() { (cd "$work" && msiinfo export wolkvox-ivr.msi "$1") | tr -d '\r' | tail -n +4; }
has() { grep -qxF -- "$2" <(table "$1") || fail "no row '$2' in the $1 table"; }

# Word count bit 8 (no elevation) with bit 2 (compressed): "Source: 10".
msiinfo suminfo "$msi" | grep -qx 'Source: 10 (a)' || fail "the package asks for elevation"
table Property | grep -q '^ALLUSERS' && fail "ALLUSERS is set: that makes a per-machine install"
has Property "ProductVersion	$version"
has Property "ProductName	Wolkvox IVR"
has Property "ARPPRODUCTICON	WolkvoxIvr.ico"
has Icon "WolkvoxIvr.ico	Icon.WolkvoxIvr.ico"
has Directory "UserProgramsFolder	LocalAppDataFolder	Programs"
has Directory "INSTALLDIR	UserProgramsFolder	Wolkvox IVR"
has File "WolkvoxIvrExe	Program	wolkvox-ivr.exe	$(stat -c %s "$work/wolkvox-ivr.exe")			512	1"
table Shortcut | grep -q $'^StartMenuShortcut\tProgramMenuFolder\tWolkvox IVR\tStartMenuShortcut\t\[INSTALLDIR\]wolkvox-ivr.exe\t.*\tWolkvoxIvr.ico\t' ||
    fail "no Start-menu shortcut to the program with its icon"
# Every component is kept by a value under HKCU (root 1), as per-user components must be.
[[ -z "$(table Registry | awk -F'\t' '$2 != 1')" ]] || fail "a registry value outside HKCU"
[[ -z "$(table Component | awk -F'\t' '$6 !~ /^reg/')" ]] || fail "a component kept by a file, not by an HKCU value"
has RemoveFile "RemoveInstallDir	Program		INSTALLDIR	2"
has RemoveFile "RemoveUserProgramsFolder	UserPrograms		UserProgramsFolder	2"
echo "wixl built $msi from dist/windows/wolkvox-ivr.wxs; per-user, shortcut, icon, version $version: ok"
