#!/usr/bin/env bash
# Webhook delivery under deadline-day load: the national data for 2024 on PostgreSQL (database
# kinerja_webhook on 127.0.0.1:5432, made afresh), one instance, a receiver on this machine
# (Python, HTTP/1.1 keep-alive, answers 204 at once), subscriptions of KPU RI (every change of
# the country) and of one provinsi (its totals only), then `kinerja beban-tenggat` for the given
# seconds. Reports the delay from each change being written (its `waktu`) to its arrival, p50
# and p99, how long after the load the last change arrived, and a feed read of 1,000 changes.
# Usage: bench/webhook.sh [seconds] [writers] [readers]   (release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DETIK="${1:-30}"; PENULIS="${2:-8}"; PEMBACA="${3:-8}"
DB=kinerja_webhook
PORT=18131
RX=18132
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
. bench/umum.sh
export KINERJA_WEBHOOK_IZINKAN=127.0.0.1/32
start=$(date +%s)
"$BIN" bench-data --tahun 2024 --seed 1 >/dev/null 2>&1
echo "loaded 553 satker × 2024 in $(( $(date +%s) - start )) s"
psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
mulai_server

python3 - "$RX" "$WORK/terima.jsonl" <<'PY' &
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
out = open(sys.argv[2], "a", buffering=1)
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        t = time.time()
        self.send_response(204); self.send_header("content-length", "0"); self.end_headers()
        d = json.loads(body)["data"]
        out.write(json.dumps({"t": t, "waktu": d["waktu"], "kursor": d["kursor"], "id": self.headers["webhook-id"]}) + "\n")
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
sleep 0.5
T_RI=$(token_baru 00 analis)
T_18=$(token_baru 18 analis)
buat() { curl -sf -X POST -H "Authorization: Bearer $1" -H 'content-type: application/json' \
  "http://127.0.0.1:$PORT/api/v1/langganan" -d "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["langganan"]["id"])'; }
L_RI=$(buat "$T_RI" "{\"url\": \"http://127.0.0.1:$RX/ri\"}")
L_18=$(buat "$T_18" "{\"url\": \"http://127.0.0.1:$RX/18\", \"jenis\": [\"ringkasan.berubah\"]}")
"$BIN" beban-tenggat --server "http://127.0.0.1:$PORT" --detik "$DETIK" --penulis "$PENULIS" --pembaca "$PEMBACA" 2>/dev/null
selesai=$(date +%s.%N)
# Until both subscriptions have delivered everything (their cursor at the feed's end), at most 10 min.
for _ in $(seq 1 1200); do
  n=$(psql -qtA -h 127.0.0.1 -U postgres -d "$DB" -c "SELECT count(*) FROM langganan l, perubahan p WHERE l.status = 'aktif' AND (p.xid > l.posisi_xid OR (p.xid = l.posisi_xid AND p.id > l.posisi_id)) AND l.kode = '$L_RI'")
  [ "$n" = 0 ] && break
  sleep 0.5
done
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^kinerja_webhook' || true
python3 - "$WORK/terima.jsonl" "$selesai" "$L_RI" "$L_18" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
selesai = float(sys.argv[2])
def q(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p))]
for kode, nama in ((sys.argv[3], "KPU RI, every change"), (sys.argv[4], "provinsi 18, ringkasan.berubah")):
    tag = kode.removeprefix("lgn_")
    rs = [r for r in rows if tag in r["id"]]
    if not rs:
        print(f"{nama}: nothing arrived"); continue
    d = [(r["t"] - datetime.datetime.fromisoformat(r["waktu"].replace("Z", "+00:00")).timestamp()) * 1000 for r in rs]
    ids = {r["id"] for r in rs}
    print(f"{nama}: {len(rs)} deliveries ({len(rs) - len(ids)} twice), delay from write to arrival "
          f"p50 {q(d, .5):.0f} ms, p99 {q(d, .99):.0f} ms, max {max(d):.0f} ms; "
          f"last arrived {max(r['t'] for r in rs) - selesai:.1f} s after the load ended")
PY
echo "feed read of 1,000 changes (KPU RI's scope, from the start, 20 reads): $(for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $T_RI" "http://127.0.0.1:$PORT/api/v1/perubahan?batas=1000"; done | p50_p99)"
