#!/usr/bin/env bash
# Issue 13, before and after in one run: the service as it was at a baseline revision (totals
# aggregated from realisasi and budget lines on every read) against the service as it is (totals
# read from summary rows kept in the write transaction), on copies of the same national data,
# with the totals cache off for both (KINERJA_CACHE_TTL_MS=0).
#
#   bench/banding.sh [baseline revision] [seconds per wrk run]
#
# Needs kinerja_bench loaded by `bench/semua.sh --muat` (or `kinerja bench-data`) with the
# baseline's schema, wrk, pgbench, psql, curl and python3. The baseline is built once from a
# git worktree, in a target directory of its own. kinerja_bench itself is not changed: the new
# service runs on kinerja_bench_ringkasan, a copy made here, and its migration (which fills the
# summary rows from the stored documents) is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:-8fe68c3}"
SECS="${2:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
LAMA_DB=kinerja_bench
BARU_DB=kinerja_bench_ringkasan
PORT=18126
WT="$CARGO_TARGET_DIR/../kinerja-baseline-$REV"

# The two binaries.
if [ ! -x "$WT.bin" ]; then
  rm -rf "$WT" && git worktree add -f --detach "$WT" "$REV" >/dev/null
  # A target directory of its own: two checkouts of one workspace sharing one would each take
  # the other's fresh artifacts for their own.
  (cd "$WT" && CARGO_TARGET_DIR="$CARGO_TARGET_DIR-baseline" cargo build --release -q -p kinerja --bin kinerja)
  cp "$CARGO_TARGET_DIR-baseline/release/kinerja" "$WT.bin"
  git worktree remove --force "$WT"
fi
cargo build --release -q -p kinerja --bin kinerja
BARU_BIN="$CARGO_TARGET_DIR/release/kinerja"

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $BARU_DB" -c "CREATE DATABASE $BARU_DB TEMPLATE $LAMA_DB"
echo "# baseline $REV vs $(git rev-parse --short HEAD), $(nproc) cores, cache off, wrk ${SECS}s per figure"
mulai=$(date +%s.%N)
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$BARU_DB" KINERJA_LOG=warn "$BARU_BIN" migrate
echo "migration filling the summary rows from $(psql -h 127.0.0.1 -U postgres -d $BARU_DB -Atc 'SELECT COUNT(*) FROM ringkasan_satker') satker-years: $(python3 -c "print(f'{$(date +%s.%N) - $mulai:.1f}')") s (including start-up)"
psql -q -h 127.0.0.1 -U postgres -d "$BARU_DB" -c "VACUUM ANALYZE"
psql -q -h 127.0.0.1 -U postgres -d "$LAMA_DB" -c "VACUUM ANALYZE"

export KINERJA_CACHE_TTL_MS=0
Q='{ provinsi(kode: "18") { ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker capaianRataRata anggaran { pagu realisasi } } satker(tahun: 2024, triwulan: TW4) { kode capaianRataRata kategori kelengkapan anggaran { pagu persenPenyerapan } } } }'
GQL=$(mktemp)
python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$Q" > "$GQL"
LUA=$(mktemp --suffix .lua)
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local f = io.open(os.getenv("GQL"), "r")
wrk.body = f:read("*a")
f:close()
LUA
export GQL

# wrk's summary as "p50 X, p99 Y, Z req/s".
ringkas() {
  awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
       END {printf "p50 %s, p99 %s, %s req/s%s", p50, p99, rps, (bad ? ", NON-2xx " bad : "")}'
}

ukur() { # label binary database
  local label="$1"
  BIN="$2" DB="$3"
  (
    . bench/umum.sh
    mulai_server
    T18=$(token_baru 18 analis)
    T00=$(token_baru 00 analis)
    for path in "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4" "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4"; do
      tok=$([[ $path == *provinsi* ]] && echo "$T18" || echo "$T00")
      curl -sf -o /dev/null -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT$path"
      echo "$label REST ${path%%\?*}, 1 connection: $(wrk -t1 -c1 -d"${SECS}s" --latency -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT$path" | ringkas)"
    done
    for c in 1 16; do
      echo "$label GraphQL POST provinsi 18, $c connections: $(TOKEN=$T18 wrk -t"$([ $c = 1 ] && echo 1 || echo 2)" -c$c -d"${SECS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" | ringkas)"
    done
    echo "$label REST provinsi 18, 16 connections: $(wrk -t2 -c16 -d"${SECS}s" --latency -H "Authorization: Bearer $T18" "http://127.0.0.1:$PORT/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4" | ringkas)"
  )
}
BIN_LAMA="$WT.bin"
ukur "before" "$BIN_LAMA" "$LAMA_DB"
ukur "after " "$BARU_BIN" "$BARU_DB"

PARAM_RINGKASAN=(-D triwulan=4 -D tahun=2024 -D jalur=00/18 -D "awalan=00/18/%")
# The SQL alone (pgbench, prepared, one connection; 2,000 runs, 200 for the national figures).
sql() { # label file database
  local log
  log=$(mktemp -d)
  (cd "$log" && pgbench -n -M prepared "${PARAM_RINGKASAN[@]}" -h 127.0.0.1 -U postgres -f "$OLDPWD/bench/$2" -c 1 -t "${4:-2000}" -l "$3" >/dev/null 2>&1)
  echo "$1: $(cat "$log"/pgbench_log.* | awk '{print $3/1000000}' | sort -n | awk '{a[NR]=$1} END {printf "p50 %.3f ms, p99 %.3f ms", a[int(NR*0.5)+1]*1000, a[int(NR*0.99)+1]*1000}')"
  rm -rf "$log"
}
sql "before SQL provinsi (provinsi_ringkasan_agregat.sql)" provinsi_ringkasan_agregat.sql "$LAMA_DB"
sql "after  SQL provinsi (provinsi_ringkasan.sql)        " provinsi_ringkasan.sql "$BARU_DB"
sql "before SQL nasional (nasional_ringkasan_agregat.sql)" nasional_ringkasan_agregat.sql "$LAMA_DB" 200
sql "after  SQL nasional (nasional_ringkasan.sql)        " nasional_ringkasan.sql "$BARU_DB" 200

# Writes: the same bodies on both.
unset KINERJA_CACHE_TTL_MS
echo "before writes: $(BIN="$BIN_LAMA" bench/tulis.sh "$LAMA_DB" 100 | grep PUT | tr '\n' ' ')"
echo "after  writes: $(BIN="$BARU_BIN" bench/tulis.sh "$BARU_DB" 100 | grep PUT | tr '\n' ' ')"
rm -f "$GQL" "$LUA"
