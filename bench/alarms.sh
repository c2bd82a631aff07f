#!/usr/bin/env bash
# Alarm latency: N metric alarms, one breaching datapoint each; how long after the period closes each is in ALARM.
#   bench/alarms.sh [alarms]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/crema-alarm-bench.XXXXXX)
PORT=${PORT:-18096}
URL="http://127.0.0.1:$PORT"
ALARMS=${1:-10000}
. "$ROOT/bench/signed-in-crema.sh"
"$LOAD" alarms --url "$URL" --alarms "$ALARMS" --senders 4
