#!/usr/bin/env bash
# Alarm latency: N metric alarms, one breaching datapoint each; how long after the period closes each is in ALARM.
#   bench/alarms.sh [alarms]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/crema-alarm-bench.XXXXXX)
PORT=${PORT:-18096}
URL="http://127.0.0.1:$PORT"
ALARMS=${1:-10000}
dotnet build "$ROOT/src/Crema.Cli" -c Release -nologo -clp:ErrorsOnly >&2
dotnet build "$ROOT/bench/Crema.Load" -c Release -nologo -clp:ErrorsOnly >&2
CREMA="$ROOT/src/Crema.Cli/bin/Release/net10.0/crema"
export CREMA_CONFIG_DIR="$W/cfg"
"$CREMA" serve --data "$W/data" --urls "$URL" --root-password "bench-Espresso-pass-1" > "$W/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$W"' EXIT
for _ in $(seq 1 240); do if curl -fs -o /dev/null "$URL/health"; then break; fi; sleep 0.25; done
curl -fs -o /dev/null "$URL/health" || { echo "crema did not start: $(tail -5 "$W/server.log")" >&2; exit 1; }
echo "bench-Espresso-pass-1" | "$CREMA" login --user root --password-stdin --url "$URL" >&2
"$CREMA" keys create --description "alarm bench" --json --url "$URL" > "$W/key.json"
export CREMA_ACCESS_KEY_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"]["accessKeyId"])' "$W/key.json")
export CREMA_SECRET_ACCESS_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretAccessKey"])' "$W/key.json")
"$ROOT/bench/Crema.Load/bin/Release/net10.0/Crema.Load" alarms --url "$URL" --alarms "$ALARMS" --senders 4
