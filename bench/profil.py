"""Groups `perf report --no-children --sort dso,sym --stdio` (on stdin) into the parts of the
service a microsecond can go to, and prints each part's share of the samples. Used by
bench/dekat.sh --profil. The first pattern that matches a symbol (or its library) wins."""

import re
import sys

BAGIAN = [
    ("kernel: scheduling, wake-ups, loopback TCP, syscalls", r"\[kernel|\[k\]|vdso"),
    ("memory allocation, copies", r"malloc|_int_free|cfree|\bfree\b|realloc|memcpy|memmove|memset|alloc::|__rust_(de)?alloc|RawVec|tcache|mi_"),
    ("GraphQL parsing", r"async_graphql_parser|pest"),
    ("GraphQL validation", r"async_graphql::validation"),
    ("GraphQL execution", r"async_graphql"),
    ("database driver (sqlx, sea-orm)", r"sqlx|sea_orm|sea_query"),
    ("async runtime (tokio, actix-rt, futures)", r"tokio|actix_rt|mio::|futures_|parking_lot|std::sync|std::thread|crossbeam|event_listener"),
    ("HTTP (actix)", r"actix_http|actix_web|actix_server|actix_service|httparse|http::|bytes::"),
    ("JSON serialisation", r"serde_json|serde::|itoa|ryu"),
    ("logging, tracing, metrics", r"tracing|prometheus|uuid"),
    ("token and auth", r"jsonwebtoken|ring::|aws_lc|base64"),
    ("decimals", r"rust_decimal"),
    ("hashing, formatting, strings", r"core::fmt|hashbrown|core::hash|siphash|alloc::string|core::str"),
]

sampel = {}
total = 0.0
for baris in sys.stdin:
    m = re.match(r"\s+([\d.]+)%\s+(\S+)\s+(.*)$", baris)
    if not m:
        continue
    persen, dso, sym = float(m.group(1)), m.group(2), m.group(3)
    teks = f"{dso} {sym}"
    nama = "the service's own code and the rest"
    for label, pola in BAGIAN:
        if re.search(pola, teks):
            nama = label
            break
    sampel[nama] = sampel.get(nama, 0.0) + persen
    total += persen
for nama, p in sorted(sampel.items(), key=lambda x: -x[1]):
    print(f"  {p:5.1f} %  {nama}")
print(f"  ({total:.1f} % of the samples classified)")
