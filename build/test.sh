#!/usr/bin/env bash
# The README's test command: builds the solution, runs every test project (browser tests in Debian's chromium),
# and ends with one line "N passed, N failed, N skipped" summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null \
      || { echo "Could not install chromium with apt-get"; exit 1; }
  else
    echo "The browser tests need Debian's chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' first."
    exit 1
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test SdSeg.Workbench.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { local v; v=$(echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# A build failure or a crashed test host leaves no (or too few) results: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
