#!/usr/bin/env bash
# The write path's cost of the change outbox, measured so that drift of a shared machine cannot
# decide it: the service before the outbox (baseline revision) and the current one run side by
# side, each on its own empty database, and the same series of PUTs (as bench/tulis.sh: a
# 40-indicator realisasi and a 200-line anggaran, alternating two bodies so every request writes)
# goes to each in turn, ROUNDS times, the one written first alternating. Each round gives a ratio
# of p50 latencies; the median ratio is reported with every round's.
#
#   bench/tulis_selang.sh [baseline revision] [rounds] [requests per series]
#
# The baseline binary: git worktree add /tmp/lama REV && (cd /tmp/lama && cargo build --release)
# && cp "$CARGO_TARGET_DIR/release/kinerja" "$CARGO_TARGET_DIR/../kinerja-baseline-REV.bin",
# then cargo build --release here again.
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:-c8ffdfd}"
ROUNDS="${2:-9}"
N="${3:-60}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kinerja-target}"
LAMA="$CARGO_TARGET_DIR/../kinerja-baseline-$REV.bin"
BARU="${BARU:-$CARGO_TARGET_DIR/release/kinerja}"
export KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" KINERJA_LOG=warn KINERJA_DEMO=false \
  KINERJA_AUTH_MAX_GAGAL=1000000
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
for db in kinerja_tulis_lama kinerja_tulis_baru; do
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
layani() { # BIN DB PORT
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$2" KINERJA_BIND="127.0.0.1:$3" "$1" serve &
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$3/ready" >/dev/null && return; sleep 0.2; done
  echo "$1 did not become ready on $3" >&2
  exit 1
}
token() { # BIN DB PORT
  local id secret
  read -r id secret < <(DATABASE_URL="postgres://postgres@127.0.0.1:5432/$2" "$1" client create --satker 18.05 --role operator \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["client_id"], d["client_secret"])')
  curl -s -X POST "http://127.0.0.1:$3/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$id" -d client_secret="$secret" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
layani "$LAMA" kinerja_tulis_lama 18140
layani "$BARU" kinerja_tulis_baru 18141
T_LAMA=$(token "$LAMA" kinerja_tulis_lama 18140)
T_BARU=$(token "$BARU" kinerja_tulis_baru 18141)
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
put() { # port token path body
  curl -s -o /dev/null -w '%{time_total}\n' -X PUT -H "Authorization: Bearer $2" -H 'content-type: application/json' \
    --data-binary "@$4" "http://127.0.0.1:$1$3"
}
vacuum() { for db in kinerja_tulis_lama kinerja_tulis_baru; do
  psql -q -h 127.0.0.1 -U postgres -d "$db" -c "VACUUM anggaran, anggaran_baris, laporan_realisasi, realisasi, temuan, audit_log" >/dev/null; done; }
p50() { sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int(NR*0.5)+1]*1000}'; }
series() { # port token path body-prefix
  for i in $(seq 1 "$N"); do put "$1" "$2" "$3" "$WORK/$4_$([ $((i % 2)) = 0 ] && echo a || echo b).json"; done | p50
}
put 18140 "$T_LAMA" /api/v1/satker/18.05/pk/2030 "$WORK/pk.json" >/dev/null
put 18141 "$T_BARU" /api/v1/satker/18.05/pk/2030 "$WORK/pk.json" >/dev/null
echo "# baseline $REV (no outbox) vs $(git rev-parse --short HEAD), $(nproc) cores, PostgreSQL, $ROUNDS rounds of $N PUTs each, alternating"
for w in realisasi/2030/TW1:tw anggaran/2030:ang; do
  IFS=: read -r path body <<<"$w"
  : > "$WORK/rasio"
  for r in $(seq 1 "$ROUNDS"); do
    vacuum
    if [ $((r % 2)) -eq 1 ]; then
      a=$(series 18140 "$T_LAMA" "/api/v1/satker/18.05/$path" "$body"); b=$(series 18141 "$T_BARU" "/api/v1/satker/18.05/$path" "$body")
    else
      b=$(series 18141 "$T_BARU" "/api/v1/satker/18.05/$path" "$body"); a=$(series 18140 "$T_LAMA" "/api/v1/satker/18.05/$path" "$body")
    fi
    rasio=$(python3 -c "print(f'{$b / $a:.3f}')")
    echo "$rasio" >> "$WORK/rasio"
    echo "PUT $path round $r: p50 $a ms → $b ms, ratio $rasio"
  done
  echo "PUT $path: median ratio $(sort -n "$WORK/rasio" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
