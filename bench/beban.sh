#!/usr/bin/env bash
# Load: 64 connections for 30 s on the totals endpoints (wrk), with the server's resident memory
# before and at its peak. Usage: bench/beban.sh [database] [seconds]   (needs `apt-get install wrk`)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
SECS="${2:-30}"
PORT=18125
. bench/umum.sh
mulai_server
T18=$(token_baru 18 analis)
T00=$(token_baru 00 analis)
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
