#!/usr/bin/env bash
# Evidence files: upload and download throughput of a 20 MB PDF, on the local store and on S3
# (moto's server mode, as .ci/s3 installs it), and how much the server's memory grows with an
# upload (VmHWM, the peak resident set, before and after). Release build, SQLite, one
# instance, curl as the client; each figure is the median of 10 transfers.
# Usage: bench/bukti.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/kinerja}"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - "$WORK/bukti.pdf" <<'PY'
import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(b"%PDF-1.7\n")
    f.write(os.urandom(20 * 1024 * 1024 - 9))
PY
PORT=18160
export KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" KINERJA_LOG=warn KINERJA_DEMO=false \
  KINERJA_BUKTI_KUOTA_GB=100 KINERJA_BUKTI_MAKS_MB=25
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ukur() { # label, then env assignments for the server
  local label=$1; shift
  local dir="$WORK/$label"; mkdir -p "$dir"
  env "$@" KINERJA_DATA_DIR="$dir" KINERJA_BIND="127.0.0.1:$PORT" "$BIN" serve &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
  local cred id secret tok
  cred=$(env "$@" KINERJA_DATA_DIR="$dir" "$BIN" client create --satker 18.03 --role operator)
  id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])' <<<"$cred")
  secret=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])' <<<"$cred")
  tok=$(curl -s -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$id" -d client_secret="$secret" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  # Warm up with a small file, then read the peak resident set.
  head -c 100000 "$WORK/bukti.pdf" | curl -sf -o /dev/null -X POST -H "Authorization: Bearer $tok" --data-binary @- \
    "http://127.0.0.1:$PORT/api/v1/satker/18.03/bukti?nama=kecil.pdf"
  local hwm0; hwm0=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
  local up=() down=() last=""
  for i in $(seq 1 10); do
    # A different file each time (one byte changed), so every upload is stored.
    printf '%08d' "$i" | dd of="$WORK/bukti.pdf" bs=1 seek=100 conv=notrunc status=none
    r=$(curl -sf -w '\n%{time_total}' -X POST -H "Authorization: Bearer $tok" -H 'content-type: application/pdf' \
      --data-binary @"$WORK/bukti.pdf" "http://127.0.0.1:$PORT/api/v1/satker/18.03/bukti?nama=bukti-$i.pdf")
    up+=("$(tail -1 <<<"$r")"); last=$(head -1 <<<"$r" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tautan"])')
  done
  local hwm1; hwm1=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
  for _ in $(seq 1 10); do
    r=$(curl -s -o "$WORK/unduh" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT$last")
    [ "${r%% *}" = 200 ] && cmp -s "$WORK/unduh" "$WORK/bukti.pdf" || { echo "$label: download answered ${r%% *} or differs" >&2; exit 1; }
    down+=("${r#* }")
  done
  local u d; u=$(printf '%s\n' "${up[@]}" | median); d=$(printf '%s\n' "${down[@]}" | median)
  python3 -c "print(f'$label: upload {20/$u:.0f} MB/s ({$u*1000:.0f} ms), download {20/$d:.0f} MB/s ({$d*1000:.0f} ms) per 20 MB file; peak RSS $hwm0 kB before, $hwm1 kB after 10 uploads (+{($hwm1-$hwm0)/1024:.1f} MB)')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
ukur lokal KINERJA_BUKTI_URL=
VENV="${MOTO_VENV:-$HOME/.cache/kinerja-moto-5.2.6}"
if [ -x "$VENV/bin/moto_server" ]; then
  MP=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MP" >/dev/null 2>&1 &
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$MP/" >/dev/null && break; sleep 0.5; done
  curl -sf -X PUT "http://127.0.0.1:$MP/kinerja-bench" >/dev/null
  ukur s3 KINERJA_BUKTI_URL=s3://kinerja-bench/bukti AWS_ACCESS_KEY_ID=b AWS_SECRET_ACCESS_KEY=b AWS_REGION=us-east-1 \
    AWS_ENDPOINT="http://127.0.0.1:$MP" AWS_ALLOW_HTTP=true
else
  echo "s3: moto not installed (run .ci/s3 once)"
fi
