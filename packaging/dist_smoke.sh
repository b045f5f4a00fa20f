#!/usr/bin/env bash
# Start a frozen build the way a user without Python would: import the demo
# library with its own command line, then open it offscreen, wait for the
# papers and exit. Prints the size and the start time for the build report.
set -euo pipefail
exe="${1:-dist/readinglist/readinglist}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# No Python from the clone or a venv may help the frozen app.
unset PYTHONPATH VIRTUAL_ENV
export PATH=/usr/bin:/bin
export XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen
"$exe" --version
"$exe" --library "$work/lib" import "$root/resources/demo_library.json"
start=$(date +%s.%N)
"$exe" --library "$work/lib" gui --smoke-test 2>&1 | tee "$work/out"
end=$(date +%s.%N)
grep -q "smoke test ok: 25 papers shown" "$work/out"
# An error inside the app (a module or data file the build left out) shows a
# dialog and a traceback but does not stop the window: fail on it here.
if grep -q "Traceback" "$work/out"; then echo "frozen build: the app raised an error (above)" >&2; exit 1; fi
"$exe" --library "$work/lib" search attention --limit 1
echo "frozen build: $(du -sh "$(dirname "$exe")" | cut -f1), start to rows shown (wall, whole process): $(awk "BEGIN{printf \"%.2f\", $end - $start}") s"
