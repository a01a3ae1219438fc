"""Reads the Perjanjian Kinerja (.docx) of the demo's Lampung Utara with python-docx and checks
it against seed 001 itself: every indicator's target as Tabel 5 states it (units compared as
units: the service writes "2 Lap" as "2 laporan" and "12 Kali" as "12 kali"), the programs
and their total as the seed's budget table states them, and the two signature blocks side by
side.

    periksa_pk.py PK.docx SEED_001.txt
"""
import difflib
import re
import sys

import docx


def gagal(pesan):
    sys.exit(f"{sys.argv[1]}: {pesan}")


def teks(row):
    return [c.text for c in row.cells]


TARGET = re.compile(r"^(\d+(?:,\d+)?)\s*(%|[A-Za-z]+)?$|^[A-E]{1,2}$")


def target_baku(t):
    """'2 Lap' and '2 laporan' alike: the number and the unit's first three letters."""
    t = t.strip()
    m = re.match(r"^(\d+(?:,\d+)?)\s*(%|[A-Za-z]+)?$", t)
    if not m:
        return t
    return (m.group(1), (m.group(2) or "").lower()[:3])


def seed_targets(lines):
    start = next(i for i, l in enumerate(lines) if l.startswith("NO\tSASARAN STRATEGIS\tINDIKATOR\tTarget (%)"))
    out, sasaran = [], ""
    for l in lines[start + 1:]:
        if l.startswith("2. Pengukuran"):
            break
        c = l.split("\t")
        if len(c) >= 4 and c[1].strip():
            sasaran = c[1].strip()
        if len(c) >= 4 and c[2].strip() and TARGET.match(c[3].strip()):
            out.append((sasaran, c[2].strip(), c[3].strip()))
    return out


def seed_program(lines):
    start = next(i for i, l in enumerate(lines) if l.startswith("No\tProgram\tPagu"))
    out = {}
    for l in lines[start + 1:]:
        c = l.split("\t")
        if len(c) < 3:
            break
        out[c[1].strip().lower()] = c[2].strip()
    return out


lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
d = docx.Document(sys.argv[1])
sasaran = next(t for t in d.tables if teks(t.rows[0]) == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"])
rows = [teks(r) for r in sasaran.rows[1:]]
nama = [r[2].lower() for r in rows]
want = seed_targets(lines)
if len(want) < 25:
    gagal(f"only {len(want)} targets read from seed 001's Tabel 5")
for sasaran_seed, indikator, target in want:
    cocok = difflib.get_close_matches(indikator.lower(), nama, n=1, cutoff=0.85)
    if cocok:
        row = rows[nama.index(cocok[0])]
    else:
        # A row linked to KPU's catalogue carries the catalogue's wording: the seed's sasaran
        # (a merged cell, read on each row it spans) finds it when it holds one indicator.
        sama = [r for r in rows if difflib.SequenceMatcher(None, r[1].lower(), sasaran_seed.lower()).ratio() > 0.85]
        if len(sama) != 1:
            gagal(f"no Lampiran row for the seed's {indikator!r}")
        row = sama[0]
    got = row[3]
    if target_baku(got) != target_baku(target):
        gagal(f"{indikator!r}: target {got!r}, seed 001 says {target!r}")

program = next(t for t in d.tables if teks(t.rows[0]) == ["No", "Program", "Anggaran"])
prog_rows = [teks(r) for r in program.rows[1:]]
for nama_seed, pagu in seed_program(lines).items():
    if nama_seed == "total":
        got = prog_rows[-1]
        if got[1] != "Jumlah" or got[2] != f"Rp{pagu}":
            gagal(f"total {got}, seed 001 says {pagu}")
        continue
    row = next((r for r in prog_rows if r[1].lower().startswith(nama_seed)), None)
    if row is None or row[2] != f"Rp{pagu}":
        gagal(f"program {nama_seed!r}: {row}, seed 001 says {pagu}")

ttd = [t for t in d.tables if len(t.rows) == 1 and len(t.rows[0].cells) == 2
       and "Pihak Kedua," in t.rows[0].cells[0].text and "Pihak Pertama," in t.rows[0].cells[1].text]
if len(ttd) != 2:
    gagal(f"{len(ttd)} pairs of signature blocks side by side, want 2 (the agreement and its Lampiran)")
body = "\n".join(p.text for p in d.paragraphs)
for harus in ["PERJANJIAN KINERJA TAHUN 2024", "selaku atasan pihak pertama"]:
    if harus not in body:
        gagal(f"no {harus!r}")
print(f"{sys.argv[1]}: {len(want)} targets of seed 001's Tabel 5, its programs and total, both parties side by side: ok")
