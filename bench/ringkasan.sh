#!/usr/bin/env bash
# First measurement of the provinsi ringkasan at national scale: service p50 against the p50 of
# the same SQL run directly in PostgreSQL (pgbench), sequential, one connection each.
# Usage: bench/ringkasan.sh [database] [requests]   (data from `kinerja bench-data` first)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
N="${2:-200}"
PORT=18123
. bench/umum.sh
mulai_server
T18=$(token_baru 18 analis)
T00=$(token_baru 00 analis)
echo "(KINERJA_CACHE_TTL_MS=${KINERJA_CACHE_TTL_MS:-0}: $([ "${KINERJA_CACHE_TTL_MS:-0}" = 0 ] && echo 'every request reads the summary rows' || echo 'totals also cached in memory between writes'))"

measure() { # label token path [accept]
  local accept="${4:-application/json}"
  for _ in $(seq 1 10); do curl -s -o /dev/null -H "Authorization: Bearer $2" -H "Accept: $accept" "http://127.0.0.1:$PORT$3"; done
  local t
  t=$(for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $2" -H "Accept: $accept" "http://127.0.0.1:$PORT$3"; done | p50_p99)
  echo "$1: $t"
}
measure "REST provinsi 18 ringkasan JSON" "$T18" "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4"
measure "REST provinsi 18 ringkasan CSV " "$T18" "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4" "text/csv"
measure "REST nasional ringkasan JSON   " "$T00" "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4"
Q='{ provinsi(kode: "18") { ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker capaianRataRata anggaran { pagu realisasi } } satker(tahun: 2024, triwulan: TW4) { kode capaianRataRata kategori kelengkapan anggaran { pagu persenPenyerapan } } } }'
ENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$Q")
measure "GraphQL provinsi 18 (GET)      " "$T18" "/graphql?query=$ENC"
# Clients send POST: measured as they send it.
printf '%s' "$(python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$Q")" > "$WORK/gql.json"
for _ in $(seq 1 10); do curl -s -o /dev/null -X POST -H "Authorization: Bearer $T18" -H 'content-type: application/json' --data @"$WORK/gql.json" "http://127.0.0.1:$PORT/graphql"; done
echo "GraphQL provinsi 18 (POST)     : $(for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' -X POST -H "Authorization: Bearer $T18" -H 'content-type: application/json' --data @"$WORK/gql.json" "http://127.0.0.1:$PORT/graphql"; done | p50_p99)"

# The physical limit: the same statements, prepared (as the service's are), one connection.
for f in provinsi nasional; do
  LOG=$(mktemp -d)
  (cd "$LOG" && pgbench -n -M prepared "${PARAM_RINGKASAN[@]}" -h 127.0.0.1 -U postgres -f "$OLDPWD/bench/${f}_ringkasan.sql" -c 1 -t "$N" -l "$DB" >/dev/null 2>&1)
  echo "SQL of $f ringkasan (pgbench, prepared): $(cat "$LOG"/pgbench_log.* | awk '{print $3/1000000}' | p50_p99)"
  rm -rf "$LOG"
done
