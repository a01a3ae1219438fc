//! Bukti dukung (evidence files), pure: what a file is, judged by its bytes and never by its
//! name; which names are acceptable; how a `Range` header is read; how a name is offered back.

/// The kinds of file accepted as evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JenisBerkas {
    Pdf,
    Png,
    Jpeg,
    Xlsx,
    Docx,
    Odt,
    Ods,
}

impl JenisBerkas {
    pub fn media(self) -> &'static str {
        match self {
            JenisBerkas::Pdf => "application/pdf",
            JenisBerkas::Png => "image/png",
            JenisBerkas::Jpeg => "image/jpeg",
            JenisBerkas::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            JenisBerkas::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            JenisBerkas::Odt => "application/vnd.oasis.opendocument.text",
            JenisBerkas::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    pub fn dari_media(media: &str) -> Option<Self> {
        [Self::Pdf, Self::Png, Self::Jpeg, Self::Xlsx, Self::Docx, Self::Odt, Self::Ods]
            .into_iter()
            .find(|j| j.media() == media)
    }

    /// Shown in a browser rather than saved: what a browser renders without running anything.
    pub fn tampil(self) -> bool {
        matches!(self, JenisBerkas::Pdf | JenisBerkas::Png | JenisBerkas::Jpeg)
    }
}

/// Names inside a ZIP container that say which document it is; they appear in clear in the
/// local headers and the central directory, so they are found as the bytes stream past.
const PENANDA: [&[u8]; 5] =
    [b"[Content_Types].xml", b"word/document.xml", b"xl/workbook.xml", b"vbaProject.bin", b"mimetype"];
/// Bytes kept from the end of one chunk, so a name split across two chunks is still found.
const EKOR: usize = 32;
/// Bytes kept from the start of the file.
const AWAL: usize = 128;

/// Looks at a file's bytes as they stream past, in chunks of any size, and says what it is.
#[derive(Debug, Default)]
pub struct Pengenal {
    awal: Vec<u8>,
    ekor: Vec<u8>,
    ditemukan: [bool; PENANDA.len()],
    ukuran: u64,
}

/// Why a file is not taken as evidence.
#[derive(Debug, PartialEq, Eq)]
pub enum Ditolak {
    Kosong,
    /// Not one of the accepted kinds (an executable, HTML, SVG, an archive of something else).
    BukanJenis,
    /// An Office file carrying macros.
    Makro,
}

impl Pengenal {
    pub fn lihat(&mut self, potongan: &[u8]) {
        self.ukuran += potongan.len() as u64;
        if self.awal.len() < AWAL {
            let n = (AWAL - self.awal.len()).min(potongan.len());
            self.awal.extend_from_slice(&potongan[..n]);
        }
        let mut jendela = std::mem::take(&mut self.ekor);
        jendela.extend_from_slice(potongan);
        for (i, p) in PENANDA.iter().enumerate() {
            if !self.ditemukan[i] && jendela.windows(p.len()).any(|w| w == *p) {
                self.ditemukan[i] = true;
            }
        }
        let mulai = jendela.len().saturating_sub(EKOR);
        self.ekor = jendela[mulai..].to_vec();
    }

    pub fn ukuran(&self) -> u64 {
        self.ukuran
    }

    /// What the bytes seen are.
    pub fn jenis(&self) -> Result<JenisBerkas, Ditolak> {
        let a = &self.awal;
        if self.ukuran == 0 {
            return Err(Ditolak::Kosong);
        }
        if a.starts_with(b"%PDF-") {
            return Ok(JenisBerkas::Pdf);
        }
        if a.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Ok(JenisBerkas::Png);
        }
        if a.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Ok(JenisBerkas::Jpeg);
        }
        if !a.starts_with(b"PK\x03\x04") {
            return Err(Ditolak::BukanJenis);
        }
        let [content_types, word, xl, vba, _] = self.ditemukan;
        // OpenDocument: the first entry is `mimetype`, stored, its content right after its name.
        if a.get(30..38) == Some(b"mimetype") {
            let isi = &a[38..];
            if isi.starts_with(JenisBerkas::Odt.media().as_bytes()) {
                return Ok(JenisBerkas::Odt);
            }
            if isi.starts_with(JenisBerkas::Ods.media().as_bytes()) {
                return Ok(JenisBerkas::Ods);
            }
            return Err(Ditolak::BukanJenis);
        }
        if content_types && vba {
            return Err(Ditolak::Makro);
        }
        match (content_types, word, xl) {
            (true, true, false) => Ok(JenisBerkas::Docx),
            (true, false, true) => Ok(JenisBerkas::Xlsx),
            _ => Err(Ditolak::BukanJenis),
        }
    }
}

/// A file name as stored and offered back: trimmed, 1 to 200 characters, no path separators, no
/// control characters, not `.` or `..`.
pub fn nama_sah(nama: &str) -> Result<String, &'static str> {
    let n = nama.trim();
    if n.is_empty() || n == "." || n == ".." {
        return Err("nama berkas kosong");
    }
    if n.chars().count() > 200 {
        return Err("nama berkas paling panjang 200 karakter");
    }
    if n.contains(['/', '\\']) {
        return Err("nama berkas tidak boleh memuat / atau \\");
    }
    if n.chars().any(char::is_control) {
        return Err("nama berkas tidak boleh memuat karakter kendali");
    }
    Ok(n.to_string())
}

/// The byte range asked by a `Range` header, for a file of `ukuran` bytes: `None` to serve the
/// whole file (no header, or one this service does not serve in part, such as several
/// ranges), `Some(Err(()))` when nothing of it lies in the file (416), else the first and last
/// byte.
pub fn rentang(header: Option<&str>, ukuran: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    if ukuran == 0 {
        return Some(Err(()));
    }
    let akhir = ukuran - 1;
    Some(match (a.is_empty(), b.is_empty()) {
        // The last n bytes.
        (true, false) => match b.parse::<u64>() {
            Ok(0) | Err(_) => Err(()),
            Ok(n) => Ok((ukuran.saturating_sub(n), akhir)),
        },
        (false, _) => match (a.parse::<u64>(), if b.is_empty() { Ok(akhir) } else { b.parse::<u64>() }) {
            (Ok(m), Ok(s)) if m <= s && m <= akhir => Ok((m, s.min(akhir))),
            (Ok(_), Ok(_)) => Err(()),
            _ => return None,
        },
        (true, true) => return None,
    })
}

/// A file's size as people read it, in Indonesian: `820 B`, `482 KB`, `1,2 MB`.
pub fn ukuran_tampil(byte: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    if byte < KB {
        format!("{byte} B")
    } else if byte < MB {
        format!("{} KB", (byte + KB / 2) / KB)
    } else {
        let persepuluh = (byte * 10 + MB / 2) / MB;
        format!("{},{} MB", persepuluh / 10, persepuluh % 10)
    }
}

/// `Content-Disposition` for a stored name: an ASCII fallback and the exact name (RFC 6266).
pub fn disposisi(nama: &str, tampil: bool) -> String {
    let ascii: String =
        nama.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).filter(|c| *c != '"').collect();
    let mut utf8 = String::new();
    for b in nama.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            utf8.push(b as char);
        } else {
            utf8.push_str(&format!("%{b:02X}"));
        }
    }
    let jenis = if tampil { "inline" } else { "attachment" };
    format!("{jenis}; filename=\"{ascii}\"; filename*=UTF-8''{utf8}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kenali(bytes: &[u8], potong: usize) -> Result<JenisBerkas, Ditolak> {
        let mut p = Pengenal::default();
        for c in bytes.chunks(potong.max(1)) {
            p.lihat(c);
        }
        p.jenis()
    }

    fn zip_dengan(nama: &[&str]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[0; 26]);
        for n in nama {
            v.extend_from_slice(n.as_bytes());
            v.extend_from_slice(&[7; 40]);
        }
        v
    }

    #[test]
    fn a_file_is_what_its_bytes_say_whatever_its_name() {
        for potong in [1, 3, 7, 64, 4096] {
            assert_eq!(kenali(b"%PDF-1.7\n...", potong), Ok(JenisBerkas::Pdf));
            assert_eq!(kenali(b"\x89PNG\r\n\x1a\n....", potong), Ok(JenisBerkas::Png));
            assert_eq!(kenali(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2], potong), Ok(JenisBerkas::Jpeg));
            let docx = zip_dengan(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
            assert_eq!(kenali(&docx, potong), Ok(JenisBerkas::Docx), "{potong}");
            let xlsx = zip_dengan(&["[Content_Types].xml", "xl/workbook.xml"]);
            assert_eq!(kenali(&xlsx, potong), Ok(JenisBerkas::Xlsx));
            let xlsm = zip_dengan(&["[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"]);
            assert_eq!(kenali(&xlsm, potong), Err(Ditolak::Makro));
            assert_eq!(kenali(&zip_dengan(&["lain.txt"]), potong), Err(Ditolak::BukanJenis));
            // An executable, HTML and SVG named .pdf are what they are.
            assert_eq!(kenali(b"MZ\x90\x00\x03", potong), Err(Ditolak::BukanJenis));
            assert_eq!(kenali(b"\x7fELF\x02\x01", potong), Err(Ditolak::BukanJenis));
            assert_eq!(kenali(b"<!doctype html><script>", potong), Err(Ditolak::BukanJenis));
            assert_eq!(kenali(b"<svg onload=alert(1)>", potong), Err(Ditolak::BukanJenis));
            assert_eq!(kenali(b"", potong), Err(Ditolak::Kosong));
        }
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(kenali(&odt, 5), Ok(JenisBerkas::Odt));
        let ods = String::from_utf8_lossy(&odt).replace("opendocument.text", "opendocument.spreadsheet");
        assert_eq!(kenali(ods.as_bytes(), 5), Ok(JenisBerkas::Ods));
        assert_eq!(JenisBerkas::dari_media("application/pdf"), Some(JenisBerkas::Pdf));
    }

    #[test]
    fn names_ranges_and_disposition() {
        assert_eq!(nama_sah("  BA Sosialisasi TW4.pdf "), Ok("BA Sosialisasi TW4.pdf".into()));
        for salah in ["", " ", ".", "..", "a/b.pdf", "..\\x.pdf", "a\u{0}b.pdf", "a\nb.pdf"] {
            assert!(nama_sah(salah).is_err(), "{salah:?}");
        }
        assert!(nama_sah(&"a".repeat(201)).is_err());
        assert_eq!(rentang(None, 100), None);
        assert_eq!(rentang(Some("bytes=0-9"), 100), Some(Ok((0, 9))));
        assert_eq!(rentang(Some("bytes=90-"), 100), Some(Ok((90, 99))));
        assert_eq!(rentang(Some("bytes=-10"), 100), Some(Ok((90, 99))));
        assert_eq!(rentang(Some("bytes=50-500"), 100), Some(Ok((50, 99))));
        assert_eq!(rentang(Some("bytes=100-"), 100), Some(Err(())));
        assert_eq!(rentang(Some("bytes=9-3"), 100), Some(Err(())));
        assert_eq!(rentang(Some("bytes=0-1,5-6"), 100), None);
        assert_eq!(rentang(Some("items=0-1"), 100), None);
        assert_eq!(
            disposisi("Berita acara \"TW4\" é.pdf", true),
            "inline; filename=\"Berita acara TW4 _.pdf\"; filename*=UTF-8''Berita%20acara%20%22TW4%22%20%C3%A9.pdf"
        );
        assert!(disposisi("a.xlsx", false).starts_with("attachment;"));
        assert_eq!(ukuran_tampil(820), "820 B");
        assert_eq!(ukuran_tampil(482_113), "471 KB");
        assert_eq!(ukuran_tampil(1_258_291), "1,2 MB");
        assert_eq!(ukuran_tampil(20 * 1024 * 1024), "20,0 MB");
    }
}
