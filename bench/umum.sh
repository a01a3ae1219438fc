# Sourced by the bench scripts (not run on its own). Expects DB and PORT to be set, and any
# extra KINERJA_* settings exported before `mulai_server`.
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/kinerja}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" KINERJA_JWT_SECRET="rahasia-bench-yang-cukup-panjang-0123456789" \
  KINERJA_LOG=warn KINERJA_DEMO=false
WORK=$(mktemp -d)
# The parameters of bench/provinsi_ringkasan.sql and nasional_ringkasan.sql, as the service
# binds them (2024, TW4, provinsi 18), for pgbench -D.
PARAM_RINGKASAN=(-D triwulan=4 -D tahun=2024 -D jalur=00/18 -D "awalan=00/18/%")
# Stops the server and anything else still running in the background (wrk), and cleans up.
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Reads seconds, one per line; prints their p50 and p99 in milliseconds.
p50_p99() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.2f ms, p99 %.2f ms", a[int(NR*0.5)+1]*1000, a[int(NR*0.99)+1]*1000}'; }

# Starts the release server on PORT and waits until it is ready; SERVER is its pid.
mulai_server() {
  KINERJA_BIND="127.0.0.1:$PORT" "$BIN" serve &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && return; sleep 0.2; done
  echo "the server ($BIN) did not become ready on port $PORT" >&2
  exit 1
}

# klien SATKER ROLE: a new API client, printed as "client_id client_secret".
klien() {
  "$BIN" client create --satker "$1" --role "$2" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["client_id"], d["client_secret"])'
}

# token ID SECRET: an access token from the running server.
token() {
  curl -s -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# token_baru SATKER ROLE: an access token for a new client.
token_baru() {
  local id secret
  read -r id secret < <(klien "$1" "$2")
  token "$id" "$secret"
}
