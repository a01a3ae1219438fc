#!/usr/bin/env bash
# The Laporan Kinerja on the national data set: one kabupaten's LKj (JSON, Word, HTML) and a
# provinsi's with its annex over 15 kabupaten/kota, on PostgreSQL. Loads the data (two years,
# so that the comparison with the previous year is drawn) into a database of its own the first
# time. Usage: bench/lkj.sh [requests]   (release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=kinerja_bench_lkj
N="${1:-50}"
PORT=18128
. bench/umum.sh
if ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB"
  start=$(date +%s)
  "$BIN" bench-data --tahun 2023..2024 --seed 1 >/dev/null 2>&1
  echo "loaded 553 satker × 2023..2024 in $(( $(date +%s) - start )) s"
  psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
fi
mulai_server
OP=$(token_baru 18.03 operator)
AN=$(token_baru 18 analis)
get() { # token path
  for _ in $(seq 1 3); do curl -sf -o /dev/null -H "Authorization: Bearer $1" "http://127.0.0.1:$PORT$2"; done
  for _ in $(seq 1 "$N"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $1" "http://127.0.0.1:$PORT$2"
  done | awk '$1 != 200 { print "answered " $1 > "/dev/stderr"; exit 1 } { print $2 }' | p50_p99
}
echo "kabupaten 18.03, JSON:              $(get "$OP" /api/v1/satker/18.03/lkj/2024)"
echo "kabupaten 18.03, ?format=docx:      $(get "$OP" '/api/v1/satker/18.03/lkj/2024?format=docx')"
echo "kabupaten 18.03, ?format=html:      $(get "$OP" '/api/v1/satker/18.03/lkj/2024?format=html')"
echo "provinsi 18 (15 kab/kota), docx:    $(get "$AN" '/api/v1/provinsi/18/lkj/2024?format=docx')"
echo "provinsi 18 (15 kab/kota), html:    $(get "$AN" '/api/v1/provinsi/18/lkj/2024?format=html')"
