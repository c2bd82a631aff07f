#!/usr/bin/env bash
# Audit figures: audited management calls per second (each answer waits for its durable,
# hash-chained event) and how soon after its answer a read is findable by lookup.
#   bench/audit.sh [calls]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/crema-audit-bench.XXXXXX)
PORT=${PORT:-18095}
URL="http://127.0.0.1:$PORT"
CALLS=${1:-1000}
. "$ROOT/bench/signed-in-crema.sh"
"$LOAD" audit --url "$URL" --calls "$CALLS" --senders 4
