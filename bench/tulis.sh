#!/usr/bin/env bash
# Write latencies on a loaded database: a 40-indicator realisasi PUT and a 200-line anggaran PUT
# (alternating between two bodies, so every request really writes), and token issuance.
# Every request rewrites the same document, leaving dead rows behind; PostgreSQL's autovacuum
# would clean them up as they pass its thresholds, but it is off on this machine's server, so
# the script vacuums the written tables every 25 requests (outside the timed requests).
# Usage: bench/tulis.sh [database] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-kinerja_bench}"
N="${2:-100}"
PORT=18124
. bench/umum.sh
export KINERJA_AUTH_MAX_GAGAL=1000000
mulai_server
read -r ID SECRET < <(klien 18.05 operator)
TOKEN=$(token "$ID" "$SECRET")
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
pk = {"indikator": [{"kode": f"B-{i:02}", "nama": f"Indikator {i}", "satuan": "persen", "target": "90"} for i in range(40)]}
json.dump(pk, open(f"{w}/pk.json", "w"))
for k, v in (("a", "80,5"), ("b", "81,5")):
    json.dump({"indikator": [{"kode": f"B-{i:02}", "realisasi": v, "catatan": "uji"} for i in range(40)]}, open(f"{w}/tw_{k}.json", "w"))
for k, r in (("a", 900), ("b", 901)):
    rows = [{"program_kode": "076.01.DH", "program_nama": "Penyelenggaraan Pemilu", "jenis_belanja": "52", "sumber_dana": "APBN",
             "akun": f"52{i:04}", "pagu": 1000000, "realisasi": r * 1000, "realisasi_bulanan": [r * 1000 // 12] * 11 + [r * 1000 - (r * 1000 // 12) * 11]}
            for i in range(200)]
    json.dump({"baris": rows}, open(f"{w}/ang_{k}.json", "w"))
PY
put() { curl -s -o /dev/null -w '%{time_total}\n' -X PUT -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "@$2" "http://127.0.0.1:$PORT$1"; }
vacuum() { psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM anggaran, anggaran_baris, laporan_realisasi, realisasi, temuan, audit_log" >/dev/null; }
series() { # path body-prefix
  vacuum
  for i in $(seq 1 "$N"); do
    [ $((i % 25)) = 0 ] && vacuum
    put "$1" "$WORK/$2_$([ $((i % 2)) = 0 ] && echo a || echo b).json"
  done | p50_p99
}
put /api/v1/satker/18.05/pk/2030 "$WORK/pk.json" >/dev/null
echo "PUT realisasi, 40 indicators: $(series /api/v1/satker/18.05/realisasi/2030/TW1 tw)"
echo "PUT anggaran, 200 lines:      $(series /api/v1/satker/18.05/anggaran/2030 ang)"
echo "POST token (argon2id):        $(for _ in $(seq 1 50); do curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$ID" -d client_secret="$SECRET"; done | p50_p99)"
