#!/usr/bin/env bash
# Can a burst of token requests (argon2id, deliberately slow) starve the rest of the server?
# Reads that do real work (cache off) measured alone, then while 16 connections hammer the
# token endpoint for the whole measurement. Usage: bench/token.sh [database] [requests]
# (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
N="${2:-200}"
BIN="${CARGO_TARGET_DIR:-target}/release/kinerja"
PORT=18126
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" \
  KINERJA_LOG=warn KINERJA_DEMO=false KINERJA_AUTH_MAX_GAGAL=1000000 KINERJA_CACHE_TTL_MS=0
p50_p99() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.2f ms, p99 %.2f ms", a[int(NR*0.5)+1]*1000, a[int(NR*0.99)+1]*1000}'; }
KINERJA_BIND="127.0.0.1:$PORT" "$BIN" serve &
SERVER=$!
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; kill "${WRK:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
read -r ID SECRET < <("$BIN" client create --satker 18 --role analis | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["client_id"], d["client_secret"])')
TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$ID" -d client_secret="$SECRET" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
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
