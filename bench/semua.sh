#!/usr/bin/env bash
# Reruns every benchmark in one go and keeps the output in bench/hasil.txt.
#   bench/semua.sh            reuse the kinerja_bench database if it is there
#   bench/semua.sh --muat     drop it and load it again with `kinerja bench-data` (timed)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres), pgbench, wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
DB=kinerja_bench
OUT=bench/hasil.txt
BIN="$CARGO_TARGET_DIR/release/kinerja"
for tool in psql pgbench wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install postgresql-client wrk curl)"; exit 1; }
done

{
  echo "# kinerja benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
  echo "# $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(psql -h 127.0.0.1 -U postgres -Atc 'show server_version'), autovacuum $(psql -h 127.0.0.1 -U postgres -Atc 'show autovacuum')"
  cargo build --release -q
  if [ "${1:-}" = "--muat" ] || ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    echo "== load: kinerja bench-data --tahun 2020..2024 --seed 1"
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" \
      KINERJA_LOG=warn KINERJA_DEMO=false "$BIN" bench-data --tahun 2020..2024 --seed 1 2>/dev/null
    echo
    psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT 'database size: ' || pg_size_pretty(pg_database_size('$DB'))"
  fi
  psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
  echo "== reads, as shipped (summary rows, no cache)"
  bench/ringkasan.sh "$DB" 200
  echo "== reads, with the optional in-memory cache"
  KINERJA_CACHE_TTL_MS=2000 bench/ringkasan.sh "$DB" 200
  echo "== writes and tokens"
  bench/tulis.sh "$DB" 100
  echo "== token burst"
  bench/token.sh "$DB" 200
  echo "== 64 connections, 30 s"
  bench/beban.sh "$DB" 30
  echo "== in-process (criterion)"
  cargo bench -q -p api --bench inti 2>/dev/null | grep -E '^[a-zA-Z0-9/: _]+$|time:' || true
} 2>&1 | tee "$OUT"
