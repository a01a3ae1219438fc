"""Checks a workbook against the JSON of the same resource, reading it with openpyxl.

    periksa_xlsx.py RECAP.xlsx RECAP.json
    periksa_xlsx.py --anggaran ANGGARAN.xlsx ANGGARAN.json ETAG
    periksa_xlsx.py --pk PK.xlsx PK.json ETAG
    periksa_xlsx.py --katalog KATALOG.xlsx KATALOG.json ETAG
    periksa_xlsx.py --simpan-ulang IN.xlsx OUT.xlsx          (opened and saved, nothing changed)
    periksa_xlsx.py --ubah-anggaran IN.xlsx OUT.xlsx         (a planner's edits, a formula broken)
    periksa_xlsx.py --hitung-ulang RECALC.csv BEFORE.json    (LibreOffice's recalculation of them)
    periksa_xlsx.py --banding-anggaran BEFORE.json AFTER.json (the edits, stored to the rupiah)
"""
import json
import sys
from decimal import Decimal

import openpyxl

WARNA = {"Sangat Baik": "FFA9D08E", "Baik": "FFE2EFDA", "Cukup Baik": "FFFFEB9C", "Cukup": "FFFFEB9C",
         "Kurang": "FFF8CBAD", "Gagal": "FFFFC7CE", "Sangat Kurang": "FFFFC7CE"}


def gagal(pesan):
    sys.exit(f"{sys.argv[1]}: {pesan}")


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    data = json.load(open(sys.argv[2]))
    if wb.sheetnames != ["Ringkasan", "Anggaran", "Bulanan"]:
        gagal(f"sheets {wb.sheetnames}")
    ws = wb["Ringkasan"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Kode")
    if ws.freeze_panes != f"A{header[0].row + 1}":
        gagal(f"frozen at {ws.freeze_panes}, header at row {header[0].row}")
    rows = {r[0].value: r for r in ws.iter_rows(min_row=header[0].row + 1)}
    for s in data["satker"] + [dict(data, kode="TOTAL", nama=data["nama"])]:
        r = rows.get(s["kode"])
        if r is None:
            gagal(f"no row {s['kode']}")
        for col, key in ((8, "pagu"), (9, "realisasi"), (10, "sisa")):
            if r[col].value != s["anggaran"][key] or r[col].number_format != "#,##0":
                gagal(f"{s['kode']} {key}: {r[col].value!r} ({r[col].number_format}) != {s['anggaran'][key]}")
        p = s["anggaran"]["persen_penyerapan"]
        if p is not None and (round(Decimal(str(r[11].value)) * 100, 2) != Decimal(p) or r[11].number_format != "0.00%"):
            gagal(f"{s['kode']} penyerapan {r[11].value!r} ({r[11].number_format}) != {p}")
        c = s["capaian_rata_rata"]
        if c is not None and abs(Decimal(str(r[3].value)) - Decimal(c)) > Decimal("0.000001"):
            gagal(f"{s['kode']} capaian {r[3].value!r} != {c}")
        k = s["kategori"]
        if (r[4].value or None) != k:
            gagal(f"{s['kode']} kategori {r[4].value!r} != {k}")
        if s["kode"] != "TOTAL" and k in WARNA and r[4].fill.fgColor.rgb != WARNA[k]:
            gagal(f"{s['kode']} {k} coloured {r[4].fill.fgColor.rgb}")
    a = wb["Anggaran"]
    total = next(r for r in a.iter_rows() if r[0].value == "TOTAL")
    lines = [r for r in a.iter_rows(max_row=total[0].row - 1) if isinstance(r[4].value, int)]
    if sum(r[4].value for r in lines) != data["anggaran"]["pagu"] or total[4].value != data["anggaran"]["pagu"]:
        gagal("program x jenis belanja does not add up to the pagu")
    b = wb["Bulanan"]
    if len(b._charts) != 1:
        gagal(f"{len(b._charts)} charts on Bulanan")
    print(f"{sys.argv[1]}: {len(data['satker'])} rows, {len(lines)} budget groups, chart: ok")


def dokumen(path, nama, etag, lists):
    """The sheet of a document workbook, once its protection, version cell and lists are right."""
    ws = openpyxl.load_workbook(path)[nama]
    if not ws.protection.sheet:
        gagal("sheet not protected")
    versi = next((r for r in ws.iter_rows() if str(r[0].value).startswith("Versi dokumen")), None)
    if versi is None or versi[1].value != etag:
        gagal(f"version cell {versi and versi[1].value!r} != {etag}")
    # A list drawn from the catalogue sheet of the same workbook is checked by the caller.
    found = sorted(dv.formula1 for dv in ws.data_validations.dataValidation if not dv.formula1.startswith("Katalog!"))
    if found != lists:
        gagal(f"validation lists {found}")
    return ws


JENIS_BELANJA = ('"51 Belanja Pegawai,52 Belanja Barang,53 Belanja Modal,54 Beban Bunga,55 Subsidi,56 Hibah,'
                 '57 Bantuan Sosial,58 Belanja Lain-lain"')


def cetak(ws, header):
    """A4 landscape, one page wide, the header row repeated on every page."""
    ps = ws.page_setup
    # One page wide: fitToPage, fitToWidth 1 (its default when absent), any height.
    fit = (ws.sheet_properties.pageSetUpPr.fitToPage, ps.fitToWidth or 1, ps.fitToHeight)
    if (ps.orientation, str(ps.paperSize), fit) != ("landscape", "9", (True, 1, 0)):
        gagal(f"{ws.title}: print setup {ps.orientation} {ps.paperSize} fit {fit}")
    if ws.print_title_rows != f"${header}:${header}":
        gagal(f"{ws.title}: repeated rows {ws.print_title_rows!r}, header is row {header}")


def anggaran(path, data, etag):
    ws = dokumen(path, "Anggaran", etag, [JENIS_BELANJA, '"APBN,HIBAH,PNBP,PHLN,SBSN"'])
    if openpyxl.load_workbook(path).sheetnames[0] != "Petunjuk":
        gagal("no instructions sheet first")
    header = next(r for r in ws.iter_rows() if r[0].value == "Kode program")
    cetak(ws, header[0].row)
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value]
    if len(rows) != len(data["baris"]):
        gagal(f"{len(rows)} lines, JSON has {len(data['baris'])}")
    for r, b in zip(rows, data["baris"]):
        if (r[0].value, r[8].value, r[9].value, r[5].value.split()[0]) != (
                b["program_kode"], b["pagu"], b["realisasi"], b["jenis_belanja"]):
            gagal(f"line {r[0].row}: {[c.value for c in r]} != {b}")
        n = r[0].row
        if r[22].value != f'=IF(I{n}="","",I{n}-J{n})' or not str(r[23].value).startswith("=IF("):
            gagal(f"line {n}: sisa and penyerapan are not formulas: {r[22].value!r} {r[23].value!r}")
        if r[8].protection.locked or not r[22].protection.locked or r[8].number_format != "#,##0":
            gagal(f"line {r[0].row}: input cells must be unlocked and computed cells locked")
        if not r[7].alignment.wrap_text:
            gagal(f"line {r[0].row}: text does not wrap")
    total = next(r for r in ws.iter_rows() if str(r[0].value).startswith("Total pagu"))
    if not str(total[1].value).startswith("=SUM(I"):
        gagal(f"total pagu {total[1].value!r} is not a formula")
    print(f"{path}: {len(rows)} lines, protected, lists with names, version cell, formulas, A4 landscape: ok")


def pk(path, data, etag):
    ws = dokumen(path, "PK", etag, ['"maksimal,minimal,rentang"', '"ordinal,skor"',
                                    '"persen,angka,indeks,predikat,kategori"',
                                    '"persen,laporan,kali,orang,dokumen,satker,kegiatan,indeks,predikat"'])
    header = next(r for r in ws.iter_rows() if r[0].value == "Kode")
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value]
    if [r[0].value for r in rows] != [i["kode"] for i in data["indikator"]]:
        gagal("indicators differ from the JSON")
    katalog = openpyxl.load_workbook(path)["Katalog"]
    kode = {r[0].value for r in katalog.iter_rows(min_row=3) if r[0].value}
    pilihan = [dv for dv in ws.data_validations.dataValidation if dv.formula1.startswith("Katalog!")]
    if len(pilihan) != 1 or pilihan[0].formula1 != f"Katalog!$A$3:$A${len(kode) + 2}":
        gagal(f"the Katalog column's list {[dv.formula1 for dv in pilihan]} for {len(kode)} entries")
    if header[16].value != "Katalog":
        gagal(f"column Q is {header[16].value!r}, not Katalog")
    for r, i in zip(rows, data["indikator"]):
        if (r[1].value, r[5].value or "", r[10].value or "") != (i["nama"], i["satuan"], i["target"] or ""):
            gagal(f"row {r[0].row}: {[c.value for c in r[:11]]} != {i}")
        if (r[16].value or None) != i["katalog"] or (i["katalog"] and i["katalog"] not in kode):
            gagal(f"row {r[0].row}: katalog {r[16].value!r} != {i['katalog']!r}")
        if r[1].protection.locked or r[16].protection.locked or not r[17].protection.locked:
            gagal(f"row {r[0].row}: input unlocked and capaian locked expected")
    linked = sum(1 for i in data["indikator"] if i["katalog"])
    print(f"{path}: {len(rows)} indicators ({linked} from the catalogue of {len(kode)}), protected, lists and version cell: ok")


def katalog(path, data, etag):
    ws = dokumen(path, "Katalog", etag, ['"Ya,Tidak"', '"maksimal,minimal,rentang"', '"ordinal,skor"',
                                         '"persen,angka,indeks,predikat,kategori"'])
    header = next(r for r in ws.iter_rows() if r[0].value == "Kode")
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value]
    if [r[0].value for r in rows] != [e["kode"] for e in data["indikator"]]:
        gagal("entries differ from the JSON")
    for r, e in zip(rows, data["indikator"]):
        tingkat = [t.strip() for t in (r[6].value or "").split(",")]
        if (r[1].value, r[2].value, r[3].value, r[4].value, tingkat, r[13].value) != (
                e["nama"], e["satuan"], e["tipe_nilai"], e["polaritas"], e["tingkat"], e["identitas"]):
            gagal(f"row {r[0].row}: {[c.value for c in r]} != {e}")
        if r[1].protection.locked or r[12].protection.locked or not r[13].protection.locked:
            gagal(f"row {r[0].row}: input unlocked and identity locked expected")
    print(f"{path}: {len(rows)} catalogue indicators, protected, lists and version cell: ok")


def iku(path, data, etag):
    """The IKU decree's Lampiran: its rows as the JSON has them, the catalogue offered as a list."""
    ws = dokumen(path, "IKU", etag, [])
    header = next(r for r in ws.iter_rows() if r[0].value == "Tujuan")
    if [c.value for c in header[:5]] != ["Tujuan", "Sasaran strategis", "Indikator kinerja utama", "Katalog",
                                         "Keterangan (definisi, cara ukur)"]:
        gagal(f"header {[c.value for c in header]}")
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value]
    if len(rows) != len(data["baris"]):
        gagal(f"{len(rows)} rows, JSON has {len(data['baris'])}")
    for r, b in zip(rows, data["baris"]):
        got = (r[0].value, r[1].value, r[2].value, r[3].value or None, r[4].value or None)
        if got != (b["tujuan"], b["sasaran"], b["indikator"], b["katalog"], b["keterangan"]):
            gagal(f"row {r[0].row}: {got} != {b}")
        if r[0].protection.locked:
            gagal(f"row {r[0].row}: input cells must be unlocked")
    pilihan = [dv for dv in ws.data_validations.dataValidation if dv.formula1.startswith("Katalog!")]
    if len(pilihan) != 1:
        gagal("the Katalog column offers no list")
    linked = sum(1 for b in data["baris"] if b["katalog"])
    print(f"{path}: {len(rows)} Lampiran rows ({linked} from the catalogue), protected, list and version cell: ok")


def ubah_anggaran(src, dst):
    """What a planner does: raises the first line's pagu by Rp1.000 and adds a line below the
    last, its realisasi typed as Indonesian text and its months for January to March only."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Anggaran"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Kode program")
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value]
    first = rows[0]
    first[8].value = first[8].value + 1000
    # A planner overwrites a computed cell: it never changes what is stored.
    first[22].value = "=1/0"
    n = rows[-1][0].row + 1
    line = [first[0].value, first[1].value, None, None, "521211", "52", "APBN", "Belanja bahan rapat",
            5000000, "1.250.000", 500000, 500000, 250000]
    for col, v in enumerate(line, start=1):
        ws.cell(row=n, column=col, value=v)
    wb.save(dst)


def banding_anggaran(before, after):
    b, a = json.load(open(before)), json.load(open(after))
    if a["baris"][0]["pagu"] != b["baris"][0]["pagu"] + 1000:
        gagal(f"first line pagu {a['baris'][0]['pagu']} != {b['baris'][0]['pagu']} + 1000")
    last = a["baris"][-1]
    want = {"akun": "521211", "jenis_belanja": "52", "pagu": 5000000, "realisasi": 1250000,
            "realisasi_bulanan": [500000, 500000, 250000] + [0] * 9}
    if len(a["baris"]) != len(b["baris"]) + 1 or any(last[k] != v for k, v in want.items()):
        gagal(f"new line {last}")
    if a["total"]["pagu"] != b["total"]["pagu"] + 1000 + 5000000:
        gagal(f"total pagu {a['total']['pagu']}")
    if a["total"]["realisasi"] != b["total"]["realisasi"] + 1250000:
        gagal(f"total realisasi {a['total']['realisasi']}")
    first = a["baris"][0]
    if first["sisa"] != first["pagu"] - first["realisasi"]:
        gagal(f"the broken formula changed the stored sisa: {first}")
    print(f"{after}: edits made with openpyxl stored to the rupiah (total pagu {a['total']['pagu']})")


def hitung_ulang(csv_path, before):
    """LibreOffice's recalculation of the edited workbook: the totals follow the edits, and a
    line's sisa is its pagu less its realisasi."""
    import csv
    b = json.load(open(before))
    rows = list(csv.reader(open(csv_path, encoding="utf-8")))
    angka = lambda s: int(str(s).replace(".", "").replace(",", "")) if s else None
    total = next(r for r in rows if r[0].startswith("Total pagu"))
    want = b["total"]["pagu"] + 1000 + 5000000
    if angka(total[1]) != want:
        gagal(f"LibreOffice's total pagu {total[1]} != {want}")
    header = next(i for i, r in enumerate(rows) if r[0] == "Kode program")
    second = rows[header + 2]
    if angka(second[22]) != angka(second[8]) - angka(second[9]):
        gagal(f"LibreOffice's sisa {second[22]} != {second[8]} - {second[9]}")
    print(f"{csv_path}: recalculated by LibreOffice: total pagu {want}, sisa = pagu - realisasi")


if sys.argv[1] == "--hitung-ulang":
    hitung_ulang(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "--simpan-ulang":
    openpyxl.load_workbook(sys.argv[2]).save(sys.argv[3])
elif sys.argv[1] == "--ubah-anggaran":
    ubah_anggaran(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "--banding-anggaran":
    sys.argv = sys.argv[1:]
    banding_anggaran(sys.argv[1], sys.argv[2])
elif sys.argv[1] == "--pk":
    sys.argv = sys.argv[1:]
    pk(sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3])
elif sys.argv[1] == "--iku":
    sys.argv = sys.argv[1:]
    iku(sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3])
elif sys.argv[1] == "--katalog":
    sys.argv = sys.argv[1:]
    katalog(sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3])
elif sys.argv[1] == "--anggaran":
    sys.argv = sys.argv[1:]
    anggaran(sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3])
else:
    main()
