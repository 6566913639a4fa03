#!/usr/bin/env bash
# Compiles the plugin against a folder of real Paint.NET assemblies (never committed, never copied into
# the output), on any OS, with warnings as errors. Where the folder is older than the plugin needs
# (5.1), or lacks PaintDotNet.Windows.dll as the public 5.0.11 copy does, the stand-ins of
# tools/paintdotnet/StandIns fill in, each declaration pinned to the API reference by
# StandInFidelityTests. The output is a compile check, not a build to install (install.ps1 builds that).
#
# usage: tools/paintdotnet/build-real.sh PAINTDOTNET_DIR [OUT_DIR]
set -euo pipefail

pdn="${1:-}"
if [ -z "$pdn" ] || [ ! -f "$pdn/PaintDotNet.Effects.Core.dll" ]; then
    echo "build-real.sh: ${pdn:-(no folder given)}: no PaintDotNet.Effects.Core.dll there; give the folder of Paint.NET's assemblies" >&2
    exit 2
fi
pdn="$(cd "$pdn" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${2:-$(mktemp -d /tmp/hqsam-real-build.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

echo "Paint.NET assemblies: $pdn"
dotnet build "$root/tools/paintdotnet/StandIns" -c Release -nologo -v q -warnaserror -p:PdnRoot="$pdn" -o "$out/standins"
standins="$out/standins/PaintDotNet.Since51.dll"
[ -f "$pdn/PaintDotNet.Windows.dll" ] || standins="$out/standins/PaintDotNet.Windows.dll"
echo "stand-ins: $(basename "$standins")"
dotnet build "$root/Plugin" -c Release -nologo -v q -warnaserror -p:PdnRoot="$pdn" -p:PdnStandIns="$standins" -o "$out/plugin"

echo "compiled: $out/plugin/HqSam.Plugin.dll"
echo "Paint.NET's assemblies in that folder (none copied beside the plugin):"
if compgen -G "$out/plugin/PaintDotNet*.dll" > /dev/null; then
    echo "build-real.sh: $out/plugin holds PaintDotNet*.dll: Paint.NET's assemblies must stay the host's" >&2
    exit 1
fi
ls "$pdn"/PaintDotNet.*.dll | xargs -n 1 basename | tr '\n' ' '; echo
