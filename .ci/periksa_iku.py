"""Reads the IKU decree (.docx) of the demo's Lampung Selatan with python-docx and checks it
against seed 000 itself: the particulars, and the Lampiran row for row in the seed's order
(tujuan and sasaran as merged cells read them).

    periksa_iku.py IKU.docx SEED_000.txt
"""
import re
import sys

import docx
from docx.oxml.ns import qn


def gagal(pesan):
    sys.exit(f"{sys.argv[1]}: {pesan}")


def seed_rows(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("No\tTujuan"))
    rows, tujuan, sasaran = [], None, None
    for l in lines[start + 1:]:
        if l.startswith("Ditetapkan"):
            break
        c = l.split("\t")
        if len(c) < 5:
            continue
        tujuan = c[1].strip() or tujuan
        sasaran = c[2].strip() or sasaran
        rows.append([tujuan, sasaran, c[3].strip(), c[4].strip()])
    return rows


d = docx.Document(sys.argv[1])
teks = "\n".join(p.text for p in d.paragraphs)
for t in d.tables:
    for r in t.rows:
        teks += "\n" + " | ".join(c.text for c in r.cells)
for harus in ["NOMOR 32 TAHUN 2024", "Ditetapkan di Kalianda", "pada tanggal 19 Januari 2024", "ANSURASTA RAZAK",
              "Salinan sesuai dengan aslinya", "Ade Lydia Sari", "MEMUTUSKAN:", "LAMPIRAN"]:
    if harus not in teks:
        gagal(f"no {harus!r}")
lampiran = next(t for t in d.tables if [c.text for c in t.rows[0].cells][:2] == ["No", "Tujuan"])
trpr = lampiran.rows[0]._tr.trPr
if trpr is None or trpr.find(qn("w:tblHeader")) is None:
    gagal("the Lampiran's header row does not repeat")
got = [[c.text for c in r.cells][1:] for r in lampiran.rows[1:]]
want = seed_rows(sys.argv[2])
if got != want:
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            gagal(f"row {i + 1}: {g} != seed {w}")
    gagal(f"{len(got)} rows, the seed has {len(want)}")
nomor = [r.cells[0].text for r in lampiran.rows[1:]]
if sorted(set(nomor)) != ["1", "2", "3"]:
    gagal(f"numbers {nomor}")
menimbang = next(t for t in d.tables if t.rows[0].cells[0].text == "Menimbang")
if [r.cells[2].text for r in menimbang.rows] != ["a.", "b.", "c."]:
    gagal("Menimbang is not lettered a-c")
print(f"{sys.argv[1]}: nomor, date, signatures and the {len(got)} Lampiran rows of seed 000 in its order: ok")
