#!/bin/sh
# Mutation testing with Stryker.NET (dotnet-stryker, a local tool in .config/dotnet-tools.json) over
# the code that guards the user's data and the host, one area at a time:
#
#   tools/stryker/run.sh AREA
#
# AREA is a config beside this script: cli-output, caching, models, plugin, native, onnx-cancellation.
# The report goes to artifacts/stryker/AREA/reports/ (mutation-report.html and .json); the scores and
# the survivors judged equivalent are in docs/mutation-testing.md. An area takes from minutes to an
# hour on 2 cores, so CI does not run it. The Wine, Pester and quick-start tests are left out of the
# runs (minutes each, and they exercise no code of these areas that the other tests do not).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -ne 1 ] || [ ! -f "$here/$1.json" ]; then
    echo "usage: $0 AREA   (one of: $(cd "$here" && ls *.json | sed 's/\.json$//' | tr '\n' ' '))" >&2
    exit 2
fi
cd "$root"
dotnet tool restore >/dev/null
cd "$root/Tests"
exec dotnet stryker --config-file "$here/$1.json" --output "$root/artifacts/stryker/$1"
