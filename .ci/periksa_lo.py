"""The LKj as LibreOffice lays it out, read back from the PDF it prints (poppler's pdftotext).

usage: periksa_lo.py LKJ.pdf LKJ.json [--satker]

- no field code is printed (TOC, PAGEREF, _Toc);
- the Daftar Isi lists every heading with a dot leader and the page it is on, and that page
  does start with the heading;
- every percentage has at most two decimals;
- for a satker's report: Tabel "Pengukuran Kinerja" (seed 001's Tabel 5) spans at most two
  pages, and no word of its cells is broken: every word printed on its pages is a word of the
  report's own text (a word broken inside a cell, "penyelenggara|an", leaves fragments that
  are not).
"""

import json
import re
import subprocess
import sys


def halaman(pdf):
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")


def kata(teks):
    return {w.lower() for w in re.split(r"[^0-9A-Za-zÀ-ÿ]+", teks) if w}


def main():
    pdf, js = sys.argv[1], sys.argv[2]
    satker = "--satker" in sys.argv
    pages = halaman(pdf)
    semua = "\n".join(pages)
    for kode in ("TOC \\o", "PAGEREF", "_Toc", "HYPERLINK"):
        assert kode not in semua, f"field code printed: {kode}"
    for m in re.finditer(r"(\d+),(\d+)\s*%", semua):
        assert len(m.group(2)) <= 2, f"a percentage with {len(m.group(2))} decimals: {m.group(0)}"

    # The Daftar Isi: "HEADING ......... 7", each page starting with its heading.
    isi = next(i for i, p in enumerate(pages) if "DAFTAR ISI" in p)
    entri = re.findall(r"^\s*(\S.*?)\s*\.{5,}\s*(\d+)\s*$", pages[isi], re.M)
    assert len(entri) >= 8, f"the Daftar Isi lists {len(entri)} headings: {pages[isi][:600]}"
    for judul, hal in entri:
        n = int(hal)
        assert 1 <= n <= len(pages), f"{judul}: page {n} of {len(pages)}"
        teks = " ".join(pages[n - 1].split())
        assert " ".join(judul.split()) in teks, f"{judul!r} is not on page {n}"
    print(f"{pdf}: {len(pages)} pages, Daftar Isi of {len(entri)} headings with their pages, no field code")

    if not satker:
        return
    v = json.load(open(js))
    kosakata = set()

    def tambah(x):
        if isinstance(x, str):
            kosakata.update(kata(x))
        elif isinstance(x, dict):
            for y in x.values():
                tambah(y)
        elif isinstance(x, list):
            for y in x:
                tambah(y)

    tambah(v)
    kosakata.update(kata(
        "No Sasaran Indikator Kinerja Target Realisasi Capaian Kategori rata-rata Tabel Pengukuran "
        "terhadap Perjanjian Tahun Halaman LKj dari Sangat Baik Cukup Kurang Berhasil"))
    awal = next(i for i, p in enumerate(pages) if re.search(r"Tabel \d+\. Pengukuran Kinerja", p))
    akhir = next(i for i in range(awal, len(pages)) if "Capaian rata-rata" in pages[i])
    assert akhir - awal + 1 <= 2, f"Tabel Pengukuran Kinerja runs over {akhir - awal + 1} pages"
    asing = set()
    for p in pages[awal:akhir + 1]:
        for w in kata(p):
            if not w.isdigit() and w not in kosakata:
                asing.add(w)
    assert not asing, f"words broken inside a cell of Tabel Pengukuran Kinerja: {sorted(asing)[:20]}"
    print(f"{pdf}: Tabel Pengukuran Kinerja on {akhir - awal + 1} page(s), no word broken in its cells")


main()
