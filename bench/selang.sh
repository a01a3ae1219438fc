#!/usr/bin/env bash
# Issue 23's bound, measured so that drift of a shared machine cannot decide it: the baseline
# service and the current one run side by side, each on its own national data (loaded by
# bench/katalog.sh: kinerja_bench_k0 and _k1), and the same question is asked of each in turn,
# ROUNDS times, the one asked first alternating; each round gives a ratio of p50 latencies and
# the median ratio is reported with every round's.
#
#   bench/selang.sh [baseline revision] [rounds] [seconds per wrk run]
#
# Needs what bench/katalog.sh needs, and its binaries and databases (run it once first).
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:-a418de1}"
ROUNDS="${2:-7}"
SECS="${3:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
LAMA="$CARGO_TARGET_DIR/../kinerja-baseline-$REV.bin"
BARU="$CARGO_TARGET_DIR/release/kinerja"
export KINERJA_CACHE_TTL_MS=0 KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" KINERJA_LOG=warn KINERJA_DEMO=false
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# layani BIN DB PORT: a release server on its database; waits until it is ready.
layani() {
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$2" KINERJA_BIND="127.0.0.1:$3" "$1" serve &
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$3/ready" >/dev/null && return; sleep 0.2; done
  echo "$1 did not become ready on $3" >&2
  exit 1
}
# token BIN DB PORT SATKER: an analyst's access token.
token() {
  local id secret
  read -r id secret < <(DATABASE_URL="postgres://postgres@127.0.0.1:5432/$2" "$1" client create --satker "$4" --role analis \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["client_id"], d["client_secret"])')
  curl -s -X POST "http://127.0.0.1:$3/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$id" -d client_secret="$secret" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
layani "$LAMA" kinerja_bench_k0 18130
layani "$BARU" kinerja_bench_k1 18131
declare -A TOK
for s in 18 00; do
  TOK[lama$s]=$(token "$LAMA" kinerja_bench_k0 18130 "$s")
  TOK[baru$s]=$(token "$BARU" kinerja_bench_k1 18131 "$s")
done
cat > "$WORK/gql.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local f = io.open(os.getenv("GQL"), "r")
wrk.body = f:read("*a")
f:close()
LUA
tanya() { # file root lokal-argument
  python3 -c 'import json, sys; print(json.dumps({"query": "{ %s { indikator(tahun: 2024, triwulan: TW4%s) { kode nama jumlahSatker jumlahMelapor rataRata min max } } }" % (sys.argv[1], sys.argv[2])}))' "$2" "$3" > "$1"
}
tanya "$WORK/p_lama" 'provinsi(kode: "18")' ''
tanya "$WORK/p_baru" 'provinsi(kode: "18")' ', lokal: false'
tanya "$WORK/n_lama" 'nasional' ''
tanya "$WORK/n_baru" 'nasional' ', lokal: false'
p50() { # port token file
  GQL="$3" TOKEN="$2" wrk -t1 -c1 -d"${SECS}s" --latency -s "$WORK/gql.lua" "http://127.0.0.1:$1/graphql" \
    | awk '/^ +50%/ { v=$2; if (v ~ /us$/) { sub(/us/, "", v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else { sub(/s$/, "", v); v*=1000 }; print v }'
}
echo "# baseline $REV (grouped by code) vs $(git rev-parse --short HEAD) (catalogue indicators, lokal: false), $(nproc) cores, cache off, $ROUNDS rounds of wrk ${SECS}s each, 1 connection, alternating"
for akar in p:18 n:00; do
  IFS=: read -r k s <<<"$akar"
  : > "$WORK/rasio"
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then
      a=$(p50 18130 "${TOK[lama$s]}" "$WORK/${k}_lama"); b=$(p50 18131 "${TOK[baru$s]}" "$WORK/${k}_baru")
    else
      b=$(p50 18131 "${TOK[baru$s]}" "$WORK/${k}_baru"); a=$(p50 18130 "${TOK[lama$s]}" "$WORK/${k}_lama")
    fi
    python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.3f} {sys.argv[1]} {sys.argv[2]}')" "$a" "$b" >> "$WORK/rasio"
  done
  nama=$([ "$k" = p ] && echo "provinsi 18" || echo "national")
  sort -n "$WORK/rasio" | awk -v nama="$nama" '{r[NR]=$1; l[NR]=$0} END {
    printf "%s: median after/before %.2f× (rounds, ratio before-ms after-ms:", nama, r[int((NR+1)/2)];
    for (i = 1; i <= NR; i++) printf " [%s]", l[i]; print ")" }'
done
