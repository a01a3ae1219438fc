#!/usr/bin/env bash
# Deadline day, for capacity planning: a PostgreSQL primary and a streaming replica made here
# (initdb, pg_basebackup -R, free ports, a temporary directory), the national data for one year,
# then `kinerja beban-tenggat` (writers: every kabupaten/kota's realisasi TW4 and anggaran in
# turn; readers: provinsi analysts' dashboard page and totals) against one instance without the
# replica, one with it, and two with it. Release build: cargo build --release.
# Usage: bench/tenggat.sh [seconds] [writers] [readers]
set -euo pipefail
cd "$(dirname "$0")/.."
DETIK="${1:-30}"; PENULIS="${2:-8}"; PEMBACA="${3:-8}"
BIN="${CARGO_TARGET_DIR:-target}/release/kinerja"
PGBIN="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort | tail -1)"
WORK=$(mktemp -d)
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"
PP=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PR=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  run "$PGBIN/pg_ctl" -D "$WORK/replika" -m immediate stop >/dev/null 2>&1 || true
  run "$PGBIN/pg_ctl" -D "$WORK/primer" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

run "$PGBIN/initdb" -D "$WORK/primer" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
cat >>"$WORK/primer/postgresql.conf" <<CONF
port = $PP
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 4
max_connections = 200
shared_buffers = 256MB
CONF
run "$PGBIN/pg_ctl" -D "$WORK/primer" -l "$WORK/primer.log" -w start >/dev/null
run "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PP" -U postgres -D "$WORK/replika" -R -X stream
printf 'port = %s\n' "$PR" >>"$WORK/replika/postgresql.conf"
run "$PGBIN/pg_ctl" -D "$WORK/replika" -l "$WORK/replika.log" -w start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PP/kinerja" KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" \
  KINERJA_LOG=warn KINERJA_DEMO=false
start=$(date +%s)
"$BIN" bench-data --tahun 2024 --seed 1 >/dev/null 2>&1
echo "loaded 553 satker × 2024 in $(( $(date +%s) - start )) s; primary :$PP, replica :$PR"
psql -q -h 127.0.0.1 -p "$PP" -U postgres -d kinerja -c "VACUUM ANALYZE"

mulai() { # port [replica-url]
  KINERJA_BIND="127.0.0.1:$1" DATABASE_REPLICA_URL="${2:-}" "$BIN" serve >"$WORK/api-$1.log" 2>&1 &
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/ready" >/dev/null && return; sleep 0.2; done
  echo "instance on $1 did not start" >&2; exit 1
}
berhenti() { kill "$@" 2>/dev/null || true; wait "$@" 2>/dev/null || true; }
REPLIKA="postgres://postgres@127.0.0.1:$PR/kinerja"
beban() { "$BIN" beban-tenggat --server "$1" --detik "$DETIK" --penulis "$PENULIS" --pembaca "$PEMBACA" 2>/dev/null; }

mulai 18201; A=$!
echo "== one instance, no replica"; beban http://127.0.0.1:18201
berhenti "$A"
mulai 18201 "$REPLIKA"; A=$!
sleep 2
echo "== one instance, reads on the replica"; beban http://127.0.0.1:18201
mulai 18202 "$REPLIKA"; B=$!
sleep 2
echo "== two instances, reads on the replica"; beban http://127.0.0.1:18201,http://127.0.0.1:18202
curl -s http://127.0.0.1:18201/metrics | grep -E '^kinerja_db_(reads_total|replica_lag)' || true
berhenti "$A" "$B"
