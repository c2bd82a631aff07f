# Sourced by bench scripts: builds Crema and Crema.Load, starts `crema serve` on $URL with data in $W,
# signs in as root and exports an access key (CREMA_ACCESS_KEY_ID / CREMA_SECRET_ACCESS_KEY) for Crema.Load.
# Needs ROOT, W, URL; sets CREMA, LOAD, PID and an EXIT trap that stops the server and removes $W.
ROOT_PASSWORD="bench-Espresso-pass-1"
dotnet build "$ROOT/src/Crema.Cli" -c Release -nologo -clp:ErrorsOnly >&2
dotnet build "$ROOT/bench/Crema.Load" -c Release -nologo -clp:ErrorsOnly >&2
CREMA="$ROOT/src/Crema.Cli/bin/Release/net10.0/crema"
LOAD="$ROOT/bench/Crema.Load/bin/Release/net10.0/Crema.Load"
export CREMA_CONFIG_DIR="$W/cfg"
"$CREMA" serve --data "$W/data" --urls "$URL" --root-password "$ROOT_PASSWORD" > "$W/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$W"' EXIT
for _ in $(seq 1 240); do if curl -fs -o /dev/null "$URL/health"; then break; fi; sleep 0.25; done
curl -fs -o /dev/null "$URL/health" || { echo "crema did not start: $(tail -5 "$W/server.log")" >&2; exit 1; }
echo "$ROOT_PASSWORD" | "$CREMA" login --user root --password-stdin --url "$URL" >&2
"$CREMA" keys create --description "bench" --json --url "$URL" > "$W/key.json"
CREMA_ACCESS_KEY_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"]["accessKeyId"])' "$W/key.json")
CREMA_SECRET_ACCESS_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretAccessKey"])' "$W/key.json")
export CREMA_ACCESS_KEY_ID CREMA_SECRET_ACCESS_KEY
