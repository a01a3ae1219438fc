#!/usr/bin/env bash
# Load: 64 connections for 30 s on the totals endpoints (wrk), with the server's resident memory
# before and at its peak. Usage: bench/beban.sh [database] [seconds]   (needs `apt-get install wrk`)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
SECS="${2:-30}"
BIN="${CARGO_TARGET_DIR:-target}/release/kinerja"
PORT=18125
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" KINERJA_LOG=warn KINERJA_DEMO=false
KINERJA_BIND="127.0.0.1:$PORT" "$BIN" serve &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
token() {
  read -r id secret < <("$BIN" client create --satker "$1" --role analis | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["client_id"], d["client_secret"])')
  curl -s -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$id" -d client_secret="$secret" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
T18=$(token 18)
T00=$(token 00)
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MiB  ", $1, $2/1024}' "/proc/$SERVER/status"; echo; }
echo "server at start: $(rss)"
run() { # label token path
  echo "== $1"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $2" "http://127.0.0.1:$PORT$3" \
    | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors|requests in'
  echo "server: $(rss)"
}
run "REST provinsi 18 ringkasan JSON" "$T18" "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4"
run "REST nasional ringkasan JSON" "$T00" "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4"
Q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("{ provinsi(kode: \"18\") { ringkasan(tahun: 2024, triwulan: TW4) { capaianRataRata anggaran { pagu } } satker(tahun: 2024, triwulan: TW4) { kode capaianRataRata } } }"))')
run "GraphQL provinsi 18" "$T18" "/graphql?query=$Q"
