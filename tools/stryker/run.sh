#!/bin/sh
# Mutation testing with Stryker.NET (dotnet-stryker, a local tool in .config/dotnet-tools.json) over
# the code that guards the user's data and the host, one area at a time:
#
#   tools/stryker/run.sh AREA
#
# AREA is a config beside this script: cli-output, caching, models, plugin, native, onnx-cancellation.
# The report goes to artifacts/stryker/AREA/reports/ (mutation-report.html and .json); the scores and
# the survivors judged equivalent are in docs/mutation-testing.md. An area takes from minutes to an
# hour on 2 cores, so CI does not run it. Each config runs the test classes that exercise its area
# (test-case-filter): Stryker's instrumentation slows Core's image kernels by orders of magnitude, and
# the whole suite under it takes hours; a mutant that only an unlisted test would kill counts as a
# survivor, so the score is a floor.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -ne 1 ] || [ ! -f "$here/$1.json" ]; then
    echo "usage: $0 AREA   (one of: $(cd "$here" && ls *.json | sed 's/\.json$//' | tr '\n' ' '))" >&2
    exit 2
fi
cd "$root"
dotnet tool restore >/dev/null
if [ "$1" = plugin ]; then
    # The plugin's click dialog derives WinForms' Form, which no Linux process can load from the
    # served (ReadyToRun, Windows) runtime pack; Stryker lists the plugin's types to find its mutant
    # switch, so without IL-only copies no mutant is ever switched on (WinFormsIl/Program.cs).
    pack=$(dotnet msbuild Plugin/HqSam.Plugin.csproj -getProperty:WinFormsAssemblyDir)
    dotnet build -v q -nologo "$here/WinFormsIl" -o "$root/artifacts/stryker/winforms-il-tool" >/dev/null
    dotnet "$root/artifacts/stryker/winforms-il-tool/WinFormsIl.dll" "$pack" "$root/artifacts/stryker/winforms-il"
    export HQSAM_WINFORMS_IL="$root/artifacts/stryker/winforms-il"
    export DOTNET_STARTUP_HOOKS="$root/artifacts/stryker/winforms-il-tool/WinFormsIl.dll"
fi
cd "$root/Tests"
exec dotnet stryker --config-file "$here/$1.json" --output "$root/artifacts/stryker/$1"
