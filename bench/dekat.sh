#!/usr/bin/env bash
# Issue 28, in one run: what the service costs around its own statement. The provinsi and
# national totals (2024, TW4, totals cache off) asked of the service over REST and GraphQL, and
# the very statement it runs replayed by pgbench (-M prepared, as the service prepares it); with
# --postgraphile also PostGraphile running that statement as a SQL function. Figures are
# printed with the ratios the issue sets targets for.
#
#   bench/dekat.sh [seconds per figure] [--postgraphile] [--profil]
#
# --profil records the service under the 16-connection GraphQL load with perf and prints where
# its CPU goes, by part. Needs kinerja_bench loaded (`bench/semua.sh --muat`, or
# `kinerja bench-data --tahun 2024`), wrk, pgbench, psql, curl, python3 (and perf).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-10}"
PG=false
PROFIL=false
for a in "$@"; do
  case "$a" in
    --postgraphile) PG=true ;;
    --profil) PROFIL=true ;;
  esac
done
DB="${DB:-kinerja_bench}"
PORT=18150
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
[ -n "${BIN:-}" ] || cargo build --release -q -p kinerja --bin kinerja
export KINERJA_CACHE_TTL_MS=0
. bench/umum.sh
# Plans from statistics, as a database in use has them (a database just loaded has none yet).
psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
mulai_server
T18=$(token_baru 18 analis)
T00=$(token_baru 00 analis)
URL="http://127.0.0.1:$PORT"

gql_body() { python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$1"; }
FIELDS='ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker capaianRataRata anggaran { pagu realisasi } } satker(tahun: 2024, triwulan: TW4) { kode capaianRataRata kategori kelengkapan anggaran { pagu persenPenyerapan } }'
gql_body "{ provinsi(kode: \"18\") { $FIELDS } }" > "$WORK/provinsi.json"
gql_body "{ nasional { $FIELDS } }" > "$WORK/nasional.json"

# wrk's p50 in ms and its req/s, as "P50 RPS".
wrk_run() { # connections then wrk's own arguments
  local c="$1"
  shift
  wrk -t"$([ "$c" = 1 ] && echo 1 || echo 2)" -c"$c" -d"${SECS}s" --latency "$@" |
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
         /^ +50%/ {p50 = ms($2)} /Requests\/sec/ {rps = $2} /Non-2xx/ {bad = $NF}
         END {if (bad) {print "NON-2xx", bad; exit 1}; printf "%.3f %.0f\n", p50, rps}'
}
rest() { wrk_run "$1" -H "Authorization: Bearer $2" "$URL$3"; }
gql() { BODY="$WORK/$3.json" TOKEN="$2" wrk_run "$1" -s bench/graphql_post.lua "$URL/graphql"; }

# pgbench on the statement: p50 in ms at one connection, or tps at 16, as "P50 TPS".
sql_run() { # file connections
  local log
  log=$(mktemp -d)
  local tps
  tps=$(cd "$log" && pgbench -n -M prepared "${PARAM_RINGKASAN[@]}" -h 127.0.0.1 -U postgres -f "$OLDPWD/bench/$1" -c "$2" -j "$([ "$2" = 1 ] && echo 1 || echo 2)" \
    -T "$SECS" -l "$DB" 2>/dev/null | awk '/^tps/ {print $3}')
  local p50
  p50=$(cat "$log"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int(NR*0.5)+1]/1000}')
  rm -rf "$log"
  echo "$p50 ${tps%.*}"
}

# Every answer is checked once before it is timed.
curl -sf -o /dev/null -H "Authorization: Bearer $T18" "$URL/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4"
for w in provinsi nasional; do
  tok=$([ $w = provinsi ] && echo "$T18" || echo "$T00")
  curl -sf -X POST -H 'content-type: application/json' -H "Authorization: Bearer $tok" --data @"$WORK/$w.json" "$URL/graphql" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); assert "errors" not in d, d["errors"]'
done

rasio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
echo "# kinerja $(git rev-parse --short HEAD) on $DB, $(nproc) cores, cache off, ${SECS}s per figure"

read -r sql1 _ < <(sql_run provinsi_ringkasan.sql 1)
read -r _ sql16 < <(sql_run provinsi_ringkasan.sql 16)
read -r nsql1 _ < <(sql_run nasional_ringkasan.sql 1)
read -r rest1 _ < <(rest 1 "$T18" "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4")
read -r _ rest16 < <(rest 16 "$T18" "/api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4")
read -r gql1 _ < <(gql 1 "$T18" provinsi)
if $PROFIL; then
  perf record -F 4999 -o "$WORK/perf.data" -p "$SERVER" -- sleep "$SECS" >/dev/null 2>&1 &
  PERF=$!
fi
read -r _ gql16 < <(gql 16 "$T18" provinsi)
if $PROFIL; then
  wait "$PERF" || true
fi
read -r nrest1 _ < <(rest 1 "$T00" "/api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4")
read -r ngql1 _ < <(gql 1 "$T00" nasional)
# Memory: the server's resident set, sampled every 0.2 s under 64 connections of GraphQL (its
# high-water mark would include the 19 MiB argon2id hash of issuing the tokens above).
gql 64 "$T18" provinsi >/dev/null &
BEBAN=$!
rss=0
while kill -0 "$BEBAN" 2>/dev/null; do
  r=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
  [ "$r" -gt "$rss" ] && rss=$r
  sleep 0.2
done
rss=$(python3 -c "print(f'{$rss / 1024:.1f}')")

echo "provinsi 18, 1 connection p50: statement $sql1 ms; REST $rest1 ms ($(rasio "$rest1" "$sql1")×); GraphQL $gql1 ms ($(rasio "$gql1" "$sql1")×, target ≤ 2)"
echo "provinsi 18, 16 connections: statement $sql16 tps; REST $rest16 req/s ($(rasio "$rest16" "$sql16")×, target ≥ 0.6); GraphQL $gql16 req/s ($(rasio "$gql16" "$sql16")×, target ≥ 0.5)"
echo "nasional, 1 connection p50: statement $nsql1 ms; REST $nrest1 ms ($(rasio "$nrest1" "$nsql1")×); GraphQL $ngql1 ms ($(rasio "$ngql1" "$nsql1")×, target ≤ 1.5)"
echo "resident memory under 64 connections, at most: $rss MiB (target < 40)"

if $PROFIL; then
  echo "## where the service's CPU goes under 16 connections of GraphQL (perf, share of samples)"
  perf report -i "$WORK/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | python3 bench/profil.py
fi

if $PG; then
  # PostGraphile running the service's own statement as a SQL function, same pool size.
  PG_PORT=18151
  . bench/postgraphile/pasang.sh
  psql -q -h 127.0.0.1 -U postgres -d "$DB" <<'SQL'
DROP FUNCTION IF EXISTS ringkasan_subtree(text, int, smallint);
CREATE FUNCTION ringkasan_subtree(jalur text, tahun int, triwulan smallint)
RETURNS TABLE (jenis int, satker_id bigint, diharapkan bigint, pagu_t bigint, pagu_s bigint, realisasi_t bigint,
               realisasi_s bigint, triwulan_lapor smallint, dilaporkan bigint, cb_t bigint, cb_s bigint, b bigint,
               batas bigint, pita text)
LANGUAGE sql STABLE AS $$
  SELECT 0, y.satker_id, y.diharapkan::bigint, y.pagu_t, y.pagu_s, y.realisasi_t, y.realisasi_s,
         t.triwulan, t.dilaporkan::bigint, t.cb_t, t.cb_s, t.b::bigint, CAST(NULL AS BIGINT), CAST(NULL AS TEXT)
  FROM ringkasan_satker y
  JOIN satker s ON s.id = y.satker_id
  LEFT JOIN ringkasan_triwulan t ON t.satker_id = y.satker_id AND t.tahun = y.tahun
       AND t.triwulan = COALESCE($3, y.triwulan_terakhir)
  WHERE y.tahun = $2 AND (s.jalur = $1 OR s.jalur LIKE $1 || '/%')
  UNION ALL
  SELECT 1, a.satker_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         a.batas_capaian_e6, CAST(a.pita_kategori AS TEXT)
  FROM aturan_capaian a
$$;
SQL
  gql_body '{ ringkasanSubtree(jalur: "00/18", tahun: 2024, triwulan: 4) { nodes { jenis satkerId diharapkan paguT paguS realisasiT realisasiS triwulanLapor dilaporkan cbT cbS b batas pita } } }' > "$WORK/pgf.json"
  (cd "$DIR" && DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" PORT=$PG_PORT \
    exec "$NODE" node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs >"$WORK/postgraphile.log" 2>&1) &
  PGF=$!
  for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PG_PORT/graphql" && break; sleep 0.2; done
  curl -sf -X POST -H 'content-type: application/json' --data @"$WORK/pgf.json" "http://127.0.0.1:$PG_PORT/graphql" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); assert "errors" not in d, d["errors"]; assert len(d["data"]["ringkasanSubtree"]["nodes"]) > 10'
  read -r _ pgf16 < <(BODY="$WORK/pgf.json" TOKEN="" wrk_run 16 -s bench/graphql_post.lua "http://127.0.0.1:$PG_PORT/graphql")
  read -r _ gql16b < <(gql 16 "$T18" provinsi)
  kill "$PGF" 2>/dev/null || true
  echo "PostGraphile $(cd "$DIR" && "$NODE" -p 'require("./node_modules/postgraphile/package.json").version') running the statement as a function, 16 connections: $pgf16 req/s; kinerja GraphQL right after: $gql16b req/s ($(rasio "$gql16b" "$pgf16")×, target ≥ 2)"
fi
