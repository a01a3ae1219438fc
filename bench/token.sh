#!/usr/bin/env bash
# Can a burst of token requests (argon2id, deliberately slow) starve the rest of the server?
# Reads that do real work (cache off) measured alone, then while 16 connections hammer the
# token endpoint for the whole measurement. Usage: bench/token.sh [database] [requests]
# (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
N="${2:-200}"
PORT=18126
. bench/umum.sh
export KINERJA_AUTH_MAX_GAGAL=1000000 KINERJA_CACHE_TTL_MS=0
mulai_server
read -r ID SECRET < <(klien 18 analis)
TOKEN=$(token "$ID" "$SECRET")
cat > "$WORK/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&client_id=$ID&client_secret=$SECRET"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
reads() {
  local path="/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4"
  for _ in $(seq 1 10); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path"; done
  echo "  provinsi ringkasan (computed every time): $(for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path"; done | p50_p99)"
  echo "  /health:                                  $(for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/health"; done | p50_p99)"
}
echo "== alone"
reads
echo "== during a token burst (wrk, 16 connections on POST /api/v1/auth/token)"
BURST=20
wrk -t1 -c16 -d"${BURST}s" --latency -s "$WORK/token.lua" "http://127.0.0.1:$PORT/api/v1/auth/token" > "$WORK/wrk.out" &
WRK=$!
sleep 2
START=$SECONDS
reads
[ $((SECONDS - START)) -lt $((BURST - 2)) ] || echo "  (warning: the reads outlasted the burst; raise BURST)"
wait "$WRK"
echo "  token burst: $(grep -E '^Requests/sec' "$WORK/wrk.out" | tr -s ' '), $(grep -E '50%|99%' "$WORK/wrk.out" | tr -s ' ' | tr '\n' ' ')$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.out" || echo '0 errors')"
