#!/usr/bin/env bash
# The provinsi question answered by PostGraphile 5 (@graphile/pg-aggregates, from npm) and by
# the service, on the same database, machine and pool size, in one run: 16 connections of
# GraphQL POST for SECS seconds each (wrk).
#
#   bench/postgraphile.sh [database] [seconds]
#
# The question: for provinsi 18 in 2024, TW4, each satker of the provinsi (the provinsi's own
# satker and its kabupaten/kota) with its reported capaian (sum and count), how many indicators
# its PK has, and its Σ pagu and Σ realisasi. PostGraphile answers it two ways:
#   - relations: the satker's documents through foreign keys, summed by pg-aggregates;
#   - function:  one SQL function (the service's former aggregate SQL) exposed as a field;
# and, for reference, by relations over the summary rows the service keeps.
# The bench data gives every indicator weight 1, so Σ capaian is the weighted sum the service
# uses. Needs node ≥ 22 (installed from npm into bench/postgraphile when the system's is
# older), npm, wrk, psql and the release binary; the database must hold the bench data with
# the service's current schema (bench/banding.sh makes kinerja_bench_ringkasan).
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench_ringkasan}"
SECS="${2:-10}"
PORT=18141
PG_PORT=18140
DIR=bench/postgraphile
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"

# PostGraphile and a node it supports.
. bench/postgraphile/pasang.sh

# The function variant: the former aggregate SQL of the service for one subtree.
psql -q -h 127.0.0.1 -U postgres -d "$DB" <<'SQL'
DROP FUNCTION IF EXISTS provinsi_ringkasan(text, int, smallint);
DROP TYPE IF EXISTS baris_ringkasan;
CREATE TYPE baris_ringkasan AS (kode text, dilaporkan bigint, capaian_jumlah numeric, diharapkan bigint, pagu numeric, realisasi numeric);
CREATE FUNCTION provinsi_ringkasan(kode text, tahun int, triwulan smallint) RETURNS SETOF baris_ringkasan
LANGUAGE sql STABLE AS $$
  WITH s AS (SELECT id, kode_wilayah, jalur FROM satker
             WHERE jalur = (SELECT jalur FROM satker WHERE kode_wilayah = kode)
                OR jalur LIKE (SELECT jalur FROM satker WHERE kode_wilayah = kode) || '/%')
  SELECT s.kode_wilayah::text,
         (SELECT COUNT(r.id) FROM laporan_realisasi l JOIN realisasi r ON r.laporan_id = l.id
           WHERE l.satker_id = s.id AND l.tahun = $2 AND l.triwulan = $3 AND r.capaian_terbatas_e6 IS NOT NULL),
         (SELECT SUM(r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)) FROM laporan_realisasi l
            JOIN realisasi r ON r.laporan_id = l.id JOIN indikator i ON i.id = r.indikator_id
           WHERE l.satker_id = s.id AND l.tahun = $2 AND l.triwulan = $3),
         (SELECT COUNT(i.id) FROM perjanjian_kinerja p JOIN indikator i ON i.pk_id = p.id WHERE p.satker_id = s.id AND p.tahun = $2),
         (SELECT SUM(b.pagu) FROM anggaran a JOIN anggaran_baris b ON b.anggaran_id = a.id WHERE a.satker_id = s.id AND a.tahun = $2),
         (SELECT SUM(b.realisasi) FROM anggaran a JOIN anggaran_baris b ON b.anggaran_id = a.id WHERE a.satker_id = s.id AND a.tahun = $2)
  FROM s ORDER BY s.kode_wilayah
$$;
SQL

# The relations variant asks for the same figures of the provinsi's own satker and of each
# of its children.
FIELDS='kodeWilayah
  perjanjianKinerjasBySatkerId(condition: {tahun: 2024}) { nodes { indikatorsByPkId { totalCount } } }
  laporanRealisasisBySatkerId(condition: {tahun: 2024, triwulan: 4}) { nodes { realisasisByLaporanId { totalCount aggregates { sum { capaianTerbatasE6 } } } } }
  anggaransBySatkerId(condition: {tahun: 2024}) { nodes { anggaranBarisesByAnggaranId { aggregates { sum { pagu realisasi } } } } }'
Q_REL="{ satkerByKodeWilayah(kodeWilayah: \"18\") { $FIELDS satkersByIndukId { nodes { $FIELDS } } } }"
# The same relations over the summary rows this service keeps (what PostGraphile would answer
# if it were given them).
SUM_FIELDS='kodeWilayah
  ringkasanSatkersBySatkerId(condition: {tahun: 2024}) { nodes { diharapkan paguT paguS realisasiT realisasiS } }
  ringkasanTriwulansBySatkerId(condition: {tahun: 2024, triwulan: 4}) { nodes { dilaporkan cbT cbS b } }'
Q_SUM="{ satkerByKodeWilayah(kodeWilayah: \"18\") { $SUM_FIELDS satkersByIndukId { nodes { $SUM_FIELDS } } } }"
Q_FN='{ provinsiRingkasan(kode: "18", tahun: 2024, triwulan: 4) { nodes { kode dilaporkan capaianJumlah diharapkan pagu realisasi } } }'
Q_SVC='{ provinsi(kode: "18") { ringkasan(tahun: 2024, triwulan: TW4) { jumlahSatker capaianRataRata anggaran { pagu realisasi } } satker(tahun: 2024, triwulan: TW4) { kode capaianRataRata kategori kelengkapan anggaran { pagu persenPenyerapan } } } }'

TMPD=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMPD"' EXIT
for v in REL FN SUM SVC; do
  q="Q_$v"
  python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "${!q}" > "$TMPD/$v.json"
done
beban() { # label url body token
  curl -sf -X POST -H 'content-type: application/json' ${4:+-H "Authorization: Bearer $4"} --data @"$3" "$2" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); assert "errors" not in d, d["errors"]'
  echo "$1: $(BODY="$3" TOKEN="${4:-}" wrk -t2 -c16 -d"${SECS}s" --latency -s bench/graphql_post.lua "$2" |
    awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
         END {printf "%s req/s, p50 %s, p99 %s%s", rps, p50, p99, (bad ? ", NON-2xx " bad : "")}')"
}

(cd "$DIR" && DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" PORT=$PG_PORT \
  exec "$NODE" node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs \
  >"$TMPD/postgraphile.log" 2>&1) &
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$PG_PORT/graphql" && break; sleep 0.2; done
echo "# PostGraphile $(cd "$DIR" && "$NODE" -p 'require("./node_modules/postgraphile/package.json").version') (node $("$NODE" --version)) vs kinerja $(git rev-parse --short HEAD), $DB, 16 connections, ${SECS}s each"
beban "PostGraphile, relations + pg-aggregates" "http://127.0.0.1:$PG_PORT/graphql" "$TMPD/REL.json"
beban "PostGraphile, SQL function            " "http://127.0.0.1:$PG_PORT/graphql" "$TMPD/FN.json"
beban "PostGraphile, relations, summary rows " "http://127.0.0.1:$PG_PORT/graphql" "$TMPD/SUM.json"
kill $(jobs -p) 2>/dev/null || true
sleep 1

BIN="$CARGO_TARGET_DIR/release/kinerja"
. bench/umum.sh
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK" "$TMPD"' EXIT
export KINERJA_CACHE_TTL_MS=0
mulai_server
T18=$(token_baru 18 analis)
beban "kinerja, GraphQL POST (summary rows)  " "http://127.0.0.1:$PORT/graphql" "$TMPD/SVC.json" "$T18"
