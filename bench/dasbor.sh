#!/usr/bin/env bash
# The dashboard's pages on the national data set (two years, so that year-over-year is drawn),
# on PostgreSQL: server time as curl sees it over loopback (p50/p99) and the page size. Uses the
# database of bench/lkj.sh (loads it through that script the first time).
# Usage: bench/dasbor.sh [requests]   (release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=kinerja_bench_lkj
N="${1:-50}"
PORT=18129
if ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  bash bench/lkj.sh 1 >/dev/null
fi
. bench/umum.sh
mulai_server
AN=$(token_baru 18 analis)
RI=$(token_baru 00 analis)
VER=$(token_baru 18 verifikator)
get() { # token path
  for _ in $(seq 1 3); do curl -sf -o /dev/null -H "Authorization: Bearer $1" "http://127.0.0.1:$PORT$2"; done
  local size
  size=$(curl -sf -H "Authorization: Bearer $1" "http://127.0.0.1:$PORT$2" | wc -c)
  for _ in $(seq 1 "$N"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $1" "http://127.0.0.1:$PORT$2"
  done | awk '$1 != 200 { print "answered " $1 > "/dev/stderr"; exit 1 } { print $2 }' | p50_p99
  echo ", $((size / 1024)) KB"
}
echo "provinsi 18 page (/dasbor):                 $(get "$AN" '/dasbor?tahun=2024')"
echo "provinsi 18 JSON (/api/v1/…/ringkasan):      $(get "$AN" '/api/v1/provinsi/18/ringkasan?tahun=2024')"
echo "national page (/dasbor as KPU RI):          $(get "$RI" '/dasbor?tahun=2024')"
echo "satker 18.03 page:                          $(get "$AN" '/dasbor/satker/18.03?tahun=2024')"
echo "verification queue (provinsi 18):           $(get "$VER" '/dasbor/verifikasi?tahun=2024')"
echo "landing page (/):                           $(get "$AN" '/')"
