#!/usr/bin/env bash
# Crema side by side with Prometheus and VictoriaMetrics on the coffee-shop fleet workload
# (../shared/bench-peers), in one run so the ratios are fair on a shared machine.
#
#   bench/peers.sh                 # peers (prometheus, vm-remote-write) + Crema
#   PEERS="" bench/peers.sh        # Crema only
#
# Needs: Debian packages prometheus victoria-metrics python3-snappy (installed when missing).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench-peers}
PY=/usr/bin/python3
TSB="$PY $SHARED/tsbench.py"
DATA=${BENCH_DATA:-/tmp/bench-data}
OUT=${BENCH_OUT:-/tmp/bench-results}
PORT=${CREMA_BENCH_PORT:-18085}
W=${CREMA_BENCH_DIR:-/tmp/bench-crema}
PEERS=${PEERS-prometheus vm-remote-write}

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v victoria-metrics >/dev/null || missing+=(victoria-metrics)
$PY -c 'import snappy' 2>/dev/null || missing+=(python3-snappy)
if [ ${#missing[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"; fi
mkdir -p "$OUT"

# The dataset's timestamps must be recent (the accepted window is 14 days; the peers' is tighter).
if [ ! -f "$DATA/meta.json" ] || [ $(( $(date +%s) - $(stat -c %Y "$DATA/meta.json") )) -gt 21600 ]; then
  echo "== generating the dataset in $DATA" >&2
  rm -rf "$DATA"; $TSB gen --out "$DATA" > /dev/null || exit 1
fi

if [ -n "$PEERS" ]; then
  # shellcheck disable=SC2086
  BENCH_DATA=$DATA BENCH_OUT=$OUT "$SHARED/run_peers.sh" $PEERS
fi

echo "== building Crema (Release)" >&2
dotnet build "$ROOT/src/Crema.Cli" -c Release -nologo -clp:ErrorsOnly >&2 || exit 1
dotnet build "$ROOT/bench/Crema.Load" -c Release -nologo -clp:ErrorsOnly >&2 || exit 1
CREMA="$ROOT/src/Crema.Cli/bin/Release/net10.0/crema"
LOAD="$ROOT/bench/Crema.Load/bin/Release/net10.0/Crema.Load"

ROOT_PASSWORD="bench-Espresso-pass-1"
# Every call needs credentials: sign in as root with the CLI, make a key, and hand it to the
# load tools (tsbench: an Authorization header; Crema.Load and curl: the key id and secret).
start_crema() {
  rm -rf "$W/data" "$W/cfg"; mkdir -p "$W"
  unset CREMA_ACCESS_KEY_ID CREMA_SECRET_ACCESS_KEY
  "$CREMA" serve --data "$W/data" --urls "http://127.0.0.1:$PORT" --root-password "$ROOT_PASSWORD" > "$W/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; then
      export CREMA_CONFIG_DIR="$W/cfg"
      echo "$ROOT_PASSWORD" | "$CREMA" login --user root --password-stdin --url "http://127.0.0.1:$PORT" > /dev/null || exit 1
      "$CREMA" keys create --description "peers bench" --json --url "http://127.0.0.1:$PORT" > "$W/key.json" || exit 1
      CREMA_ACCESS_KEY_ID=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"]["accessKeyId"])' "$W/key.json")
      CREMA_SECRET_ACCESS_KEY=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretAccessKey"])' "$W/key.json")
      export CREMA_ACCESS_KEY_ID CREMA_SECRET_ACCESS_KEY
      AUTH="Authorization: Bearer $CREMA_ACCESS_KEY_ID:$CREMA_SECRET_ACCESS_KEY"
      return 0
    fi
    sleep 0.25
  done
  echo "crema did not start: $(tail -5 "$W/server.log")" >&2; exit 1
}
stop_crema() { kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
trap 'kill -TERM $PID 2>/dev/null' EXIT

rm -rf "$W"
echo "== crema: remote write load" >&2
start_crema
$TSB proc "$PID" > "$W/proc-before.json"
timeout 900 $TSB load --url "http://127.0.0.1:$PORT/api/v1/write" --protocol remote-write --data "$DATA" --header "$AUTH" > "$W/load.json"
$TSB proc "$PID" > "$W/proc-ingest.json"
echo "== crema: flush (cut + compact) and disk" >&2
curl -fsS -u "$CREMA_ACCESS_KEY_ID:$CREMA_SECRET_ACCESS_KEY" -XPOST "http://127.0.0.1:$PORT/api/v1/admin/flush" > "$W/flush.json"
rm -f "$W"/data/samples/wal/*.wal.empty 2>/dev/null
DISK=$(du -sb "$W/data/samples" | cut -f1)
BLOCKS=$(du -sb "$W/data/samples/blocks" | cut -f1)
echo "== crema: queries (native API)" >&2
"$LOAD" query --url "http://127.0.0.1:$PORT" --meta "$DATA/meta.json" --runs 5 > "$W/query.json"
$TSB proc "$PID" > "$W/proc-end.json"
stop_crema

echo "== crema: native JSON ingest" >&2
start_crema
"$LOAD" ingest-json --url "http://127.0.0.1:$PORT" --series 2000 --points 8640 --senders 4 > "$W/ingest-json.json"
stop_crema

$PY - "$W" "$DATA/meta.json" "$DISK" "$BLOCKS" > "$OUT/crema.json" <<'PYEOF'
import json, sys, os
w, meta_path, disk, blocks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rd = lambda n: json.load(open(os.path.join(w, n)))
meta = json.load(open(meta_path))
b, i, e = rd("proc-before.json"), rd("proc-ingest.json"), rd("proc-end.json")
load, q = rd("load.json"), rd("query.json")
out = dict(engine="crema", path="remote write 1.0 /api/v1/write", load=load, query=q,
           verify=dict(complete=load.get("samples_ok") == meta["samples"]),
           peak_rss_bytes=i.get("VmHWM_bytes"), peak_rss_end_bytes=e.get("VmHWM_bytes"),
           server_cpu_ingest_s=round(i["cpu_s"] - b["cpu_s"], 2),
           disk=dict(bytes=disk, bytes_per_sample=round(disk / meta["samples"], 3), blocks_bytes=blocks,
                     how="du -sb data/samples after POST /api/v1/admin/flush (head cut, blocks compacted)"),
           ingest_json=rd("ingest-json.json"))
print(json.dumps(out, indent=1))
PYEOF
files=("$OUT/crema.json")
for p in $PEERS; do [ -f "$OUT/$p.json" ] && files+=("$OUT/$p.json"); done
$TSB report "${files[@]}"
echo
echo "native JSON ingest: $(cat "$W/ingest-json.json")"
