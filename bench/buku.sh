#!/usr/bin/env bash
# The planner's workbooks on PostgreSQL: download and upload of a 40-indicator PK and a
# 500-line anggaran (monthly realisasi filled), against the same documents as JSON. Uploads
# are timed three ways: the workbook sent back unchanged (nothing stored), and a changed
# workbook, alternating between two versions so that every request really writes (If-Match: *
# stands in for the version cell), as JSON and as xlsx. A database of its own, made afresh.
# Usage: bench/buku.sh [requests]   (release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=kinerja_bench_buku
N="${1:-100}"
PORT=18127
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
. bench/umum.sh
mulai_server
TOKEN=$(token_baru 18.05 operator)
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
for k, t in (("a", "90"), ("b", "91")):
    pk = {"indikator": [{"kode": f"IKU-{i:02}", "nama": f"Persentase capaian sasaran {i}", "sasaran": "Sasaran strategis",
                         "satuan": "persen", "target": t, "target_triwulan": ["20", "45", "70", t]} for i in range(40)]}
    json.dump(pk, open(f"{w}/pk_{k}.json", "w"))
for k, r in (("a", 900), ("b", 901)):
    rows = [{"program_kode": "076.01.DH", "program_nama": "Penyelenggaraan Pemilu", "kegiatan_kode": "2880", "kegiatan_nama": "Kegiatan",
             "jenis_belanja": "52", "sumber_dana": "APBN", "akun": f"52{i:04}", "uraian": f"Belanja {i}", "pagu": 1000000,
             "realisasi": r * 1000, "realisasi_bulanan": [r * 1000 // 12] * 11 + [r * 1000 - (r * 1000 // 12) * 11]}
            for i in range(500)]
    json.dump({"baris": rows}, open(f"{w}/ang_{k}.json", "w"))
PY
URL="http://127.0.0.1:$PORT"
PK=/api/v1/satker/18.05/pk/2030
ANG=/api/v1/satker/18.05/anggaran/2030
put() { # path file content-type: prints the seconds taken; a refused request stops the run
  curl -s -o "$WORK/jawaban" -w '%{http_code} %{time_total}\n' -X PUT -H "Authorization: Bearer $TOKEN" -H "content-type: $3" \
    -H 'if-match: *' --data-binary "@$2" "$URL$1" \
    | awk -v f="$WORK/jawaban" '$1 != 200 { system("cat " f " >&2"); print "PUT answered " $1 > "/dev/stderr"; exit 1 } { print $2 }'
}
get() { curl -s -o "${2:-/dev/null}" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$1?format=xlsx"; }
vacuum() { psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM" >/dev/null; }
# The two versions of each document as workbooks, as the server renders them.
for k in a b; do
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "@$WORK/pk_$k.json" "$URL$PK"
  get "$PK" "$WORK/pk_$k.xlsx" >/dev/null
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "@$WORK/ang_$k.json" "$URL$ANG"
  get "$ANG" "$WORK/ang_$k.xlsx" >/dev/null
done
series() { # path prefix ext content-type: alternating bodies, every request a write
  vacuum
  for i in $(seq 1 "$N"); do
    [ $((i % 25)) = 0 ] && vacuum
    put "$1" "$WORK/$2_$([ $((i % 2)) = 0 ] && echo a || echo b).$3" "$4"
  done | p50_p99
}
unchanged() { # path file: the stored version sent back; every answer must say nothing changed
  put "$1" "$2" "$XLSX" >/dev/null
  for _ in $(seq 1 "$N"); do
    put "$1" "$2" "$XLSX"
    grep -q '"berubah":false' "$WORK/jawaban" || { echo "an unchanged upload changed the document" >&2; exit 1; }
  done | p50_p99
}
echo "files: PK $(stat -c %s "$WORK/pk_b.xlsx") bytes, anggaran $(stat -c %s "$WORK/ang_b.xlsx") bytes"
echo "GET pk ?format=xlsx (40 indicators):       $(for _ in $(seq 1 "$N"); do get "$PK"; done | p50_p99)"
echo "PUT pk xlsx, unchanged:                    $(unchanged "$PK" "$WORK/pk_b.xlsx")"
echo "PUT pk JSON, changed every time:           $(series "$PK" pk json application/json)"
echo "PUT pk xlsx, changed every time:           $(series "$PK" pk xlsx "$XLSX")"
echo "GET anggaran ?format=xlsx (500 lines):     $(for _ in $(seq 1 "$N"); do get "$ANG"; done | p50_p99)"
echo "PUT anggaran xlsx, unchanged:              $(unchanged "$ANG" "$WORK/ang_b.xlsx")"
echo "PUT anggaran JSON, changed every time:     $(series "$ANG" ang json application/json)"
echo "PUT anggaran xlsx, changed every time:     $(series "$ANG" ang xlsx "$XLSX")"
