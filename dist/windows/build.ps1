# Builds the Windows portable zip into target\dist\: wolkvox-ivr.exe (icon and version
# embedded by build.rs, no console window when double-clicked) and the README.
#
#   powershell -ExecutionPolicy Bypass -File dist\windows\build.ps1
#
# Needs: Rust with the MSVC toolchain (x86_64-pc-windows-msvc). Run on Windows.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$version = (cargo metadata --no-deps --format-version 1 | ConvertFrom-Json).packages[0].version
$out = "target\dist"
New-Item -ItemType Directory -Force $out | Out-Null

cargo build --release --locked
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

$stage = Join-Path $env:TEMP "wolkvox-ivr-$version"
Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
New-Item -ItemType Directory $stage | Out-Null
Copy-Item target\release\wolkvox-ivr.exe $stage
Copy-Item README.md $stage
$zip = Join-Path $out "wolkvox-ivr-$version-windows-x64.zip"
Remove-Item -Force $zip -ErrorAction SilentlyContinue
Compress-Archive -Path "$stage\*" -DestinationPath $zip
Remove-Item -Recurse -Force $stage
Get-Item $zip
