#!/usr/bin/env bash
# Issue 23, before and after in one run: the provinsi and national indicator statistics of the
# service at a baseline revision (indicators grouped by the code each satker types) against the
# service as it is (grouped by catalogue identity; a satker's own indicator on its own), each on
# national data loaded by its own `kinerja bench-data` (one year, 553 satkers; the current one
# links 30 of each PK's 25-40 indicators to KPU's catalogue, as real satkers would), totals
# cache off. Also the ranking of one catalogue indicator, which the baseline does not have.
#
#   bench/katalog.sh [baseline revision] [seconds per wrk run]
#
# Needs PostgreSQL on 127.0.0.1:5432, wrk, psql, curl and python3. The baseline is built once
# from a git worktree in a target directory of its own; the two databases are made here.
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:-a418de1}"
SECS="${2:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
PORT=18127
WT="$CARGO_TARGET_DIR/../kinerja-baseline-$REV"

if [ ! -x "$WT.bin" ]; then
  rm -rf "$WT" && git worktree add -f --detach "$WT" "$REV" >/dev/null
  (cd "$WT" && CARGO_TARGET_DIR="$CARGO_TARGET_DIR-baseline" cargo build --release -q -p kinerja --bin kinerja)
  cp "$CARGO_TARGET_DIR-baseline/release/kinerja" "$WT.bin"
  git worktree remove --force "$WT"
fi
cargo build --release -q -p kinerja --bin kinerja
BARU_BIN="$CARGO_TARGET_DIR/release/kinerja"

muat() { # binary database
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2"
  local mulai; mulai=$(date +%s.%N)
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$2" KINERJA_LOG=warn "$1" bench-data --tahun 2024 --seed 1 >/dev/null 2>&1
  psql -q -h 127.0.0.1 -U postgres -d "$2" -c "VACUUM ANALYZE"
  echo "$2 loaded in $(python3 -c "print(f'{$(date +%s.%N) - $mulai:.0f}')") s: $(psql -h 127.0.0.1 -U postgres -d "$2" -Atc "SELECT COUNT(*) FROM ringkasan_indikator WHERE tahun = 2024 AND triwulan = 4") indicator reports in TW4"
}
[ "${MUAT:-1}" = 1 ] && { muat "$WT.bin" kinerja_bench_k0; muat "$BARU_BIN" kinerja_bench_k1; }

export KINERJA_CACHE_TTL_MS=0
LUA=$(mktemp --suffix .lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local f = io.open(os.getenv("GQL"), "r")
wrk.body = f:read("*a")
f:close()
LUA
ringkas() {
  awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
       END {printf "p50 %s, p99 %s, %s req/s%s", p50, p99, rps, (bad ? ", NON-2xx " bad : "")}'
}
gql_file() { python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$1" > "$2"; }
PROV=$(mktemp); NAS=$(mktemp)
gql_file '{ provinsi(kode: "18") { indikator(tahun: 2024, triwulan: TW4) { kode nama jumlahSatker jumlahMelapor rataRata min max } } }' "$PROV"
gql_file '{ nasional { indikator(tahun: 2024, triwulan: TW4) { kode nama jumlahSatker jumlahMelapor rataRata min max } } }' "$NAS"
PROV_K=$(mktemp); NAS_K=$(mktemp)
gql_file '{ provinsi(kode: "18") { indikator(tahun: 2024, triwulan: TW4, lokal: false) { kode nama jumlahSatker jumlahMelapor rataRata min max } } }' "$PROV_K"
gql_file '{ nasional { indikator(tahun: 2024, triwulan: TW4, lokal: false) { kode nama jumlahSatker jumlahMelapor rataRata min max } } }' "$NAS_K"

echo "# baseline $REV vs $(git rev-parse --short HEAD), $(nproc) cores, cache off, wrk ${SECS}s, 1 connection"
ukur() { # label binary database
  local label="$1"
  BIN="$2" DB="$3"
  (
    . bench/umum.sh
    mulai_server
    T18=$(token_baru 18 analis)
    T00=$(token_baru 00 analis)
    for pair in "provinsi:$PROV:$T18" "nasional:$NAS:$T00"; do
      IFS=: read -r nama f tok <<<"$pair"
      local rows; rows=$(curl -s -X POST -H "Authorization: Bearer $tok" -H 'content-type: application/json' --data @"$f" "http://127.0.0.1:$PORT/graphql" \
        | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(len(next(iter(d.values()))["indikator"]))')
      echo "$label GraphQL $nama indikator ($rows rows): $(GQL=$f TOKEN=$tok wrk -t1 -c1 -d"${SECS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" | ringkas)"
    done
    if [ "$label" = sesudah ]; then
      for pair in "provinsi, catalogue only:$PROV_K:$T18" "nasional, catalogue only:$NAS_K:$T00"; do
        IFS=: read -r nama f tok <<<"$pair"
        echo "$label GraphQL $nama indikator: $(GQL=$f TOKEN=$tok wrk -t1 -c1 -d"${SECS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" | ringkas)"
      done
      for pair in "/api/v1/provinsi/18/indikator/KPU-01?tahun=2024:$T18" "/api/v1/nasional/indikator/KPU-01?tahun=2024:$T00"; do
        path="${pair%:*}"; tok="${pair##*:}"
        echo "$label REST ${path%%\?*}: $(wrk -t1 -c1 -d"${SECS}s" --latency -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT$path" | ringkas)"
      done
    fi
  )
}
ukur sebelum "$WT.bin" kinerja_bench_k0
ukur sesudah "$BARU_BIN" kinerja_bench_k1
