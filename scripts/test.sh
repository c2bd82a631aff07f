#!/usr/bin/env bash
# Runs every Crema test. Installs what the tests need when it is missing, builds, runs the
# test projects, and ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# Real remote-write senders for the interoperability tests.
command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ] || need_apt+=(prometheus)
[ -x /usr/bin/vmagent ] || need_apt+=(victoria-metrics)
# The web console is built with npm; its browser tests drive Debian's Chromium headless.
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing: ${need_apt[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  # The tests start these programs themselves, on free loopback ports.
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build Crema.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
for proj in tests/*/*.csproj; do
  echo "== $(basename "$proj" .csproj)"
  out=$(mktemp)
  set +e
  dotnet test "$proj" -c Release --no-build -nologo 2>&1 | tee "$out" | grep -vE '^(Test run for|A total of|Starting test execution|VSTest version)'
  rc=${PIPESTATUS[0]}
  set -e
  cat "$out" >> "$log"
  rm -f "$out"
  [ "$rc" -eq 0 ] || status=1
done
# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 33, Skipped: 0, Total: 33").
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed:' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ] || status=1
exit $status
