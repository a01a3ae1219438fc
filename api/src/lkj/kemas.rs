//! What docx-rs cannot say, said in the WordprocessingML it writes, as the document is packed:
//! a table's header row repeating on every page (`w:tblHeader`), section breaks between
//! portrait and landscape pages (each section carrying the document's footer), and the request
//! that Word update its fields on opening (`w:updateFields`), so the Daftar Isi's page numbers
//! are right in Word as they are in LibreOffice.

use docx_rs::{Docx, Paragraph, Run};

use crate::error::AppError;

/// Which kind of section a break ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seksi {
    Tegak,
    Lanskap,
}

/// A paragraph's text that marks a section break; it never survives packing.
const PENANDA: &str = "\u{2063}SEKSI:";

/// Ends the current section (portrait or landscape) here.
pub fn putus(d: Docx, s: Seksi) -> Docx {
    let tag = match s {
        Seksi::Tegak => "tegak",
        Seksi::Lanskap => "lanskap",
    };
    d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("{PENANDA}{tag}"))))
}

/// docx-rs has no "repeat header row" (`w:tblHeader`): the header rows, and only they, carry
/// `w:cantSplit`, and each gets `w:tblHeader` beside it.
pub(crate) fn ulang_kepala(document: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let xml = String::from_utf8(document).map_err(AppError::internal)?;
    Ok(ulang(&xml).into_bytes())
}

fn ulang(xml: &str) -> String {
    xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
}

fn tanpa_halaman_judul(sect: &str) -> String {
    sect.replace("<w:titlePg />", "").replace("<w:titlePg/>", "")
}

/// The section properties turned landscape: the page's width and height swapped.
fn lanskap(sect: &str) -> Result<String, AppError> {
    let awal = sect.find("<w:pgSz").ok_or_else(|| AppError::internal("docx tanpa w:pgSz"))?;
    let akhir = sect[awal..].find("/>").ok_or_else(|| AppError::internal("w:pgSz tak tertutup"))? + awal + 2;
    Ok(format!("{}<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\" />{}", &sect[..awal], &sect[akhir..]))
}

/// Each marker paragraph replaced by a paragraph holding the section properties of the section
/// it ends: the document's own (its page, margins and footers), portrait or landscape; only the
/// first section keeps the title page (the cover without a page number).
fn seksi(doc: &str) -> Result<String, AppError> {
    if !doc.contains(PENANDA) {
        return Ok(doc.to_string());
    }
    let mulai = doc.rfind("<w:sectPr").ok_or_else(|| AppError::internal("docx tanpa w:sectPr"))?;
    let selesai = doc[mulai..].find("</w:sectPr>").ok_or_else(|| AppError::internal("w:sectPr tak tertutup"))?
        + mulai
        + "</w:sectPr>".len();
    let badan = &doc[mulai..selesai];
    let tegak = tanpa_halaman_judul(badan);
    let miring = lanskap(&tegak)?;

    let mut out = String::with_capacity(doc.len() + 4096);
    let mut sisa = &doc[..mulai];
    let mut pertama = true;
    while let Some(i) = sisa.find(PENANDA) {
        let p_awal = sisa[..i].rfind("<w:p ").into_iter().chain(sisa[..i].rfind("<w:p>")).max();
        let p_awal = p_awal.ok_or_else(|| AppError::internal("penanda seksi di luar paragraf"))?;
        let p_akhir =
            sisa[i..].find("</w:p>").ok_or_else(|| AppError::internal("paragraf tak tertutup"))? + i + "</w:p>".len();
        let sect = if sisa[i + PENANDA.len()..].starts_with("lanskap") {
            miring.as_str()
        } else if pertama {
            badan
        } else {
            tegak.as_str()
        };
        pertama = false;
        out.push_str(&sisa[..p_awal]);
        out.push_str("<w:p><w:pPr>");
        out.push_str(sect);
        out.push_str("</w:pPr></w:p>");
        sisa = &sisa[p_akhir..];
    }
    out.push_str(sisa);
    out.push_str(&tegak);
    out.push_str(&doc[selesai..]);
    Ok(out)
}

/// Asks Word to update the fields when the document opens (the Daftar Isi's page numbers).
fn perbarui_field(settings: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let xml = String::from_utf8(settings).map_err(AppError::internal)?;
    Ok(xml.replacen("</w:settings>", "<w:updateFields w:val=\"true\" /></w:settings>", 1).into_bytes())
}

/// The document's bytes.
pub fn kemas(d: Docx) -> Result<Vec<u8>, AppError> {
    let mut xml = d.build();
    let doc = String::from_utf8(xml.document).map_err(AppError::internal)?;
    xml.document = seksi(&ulang(&doc))?.into_bytes();
    xml.settings = perbarui_field(xml.settings)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(AppError::internal)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_section_breaks_and_only_the_first_keeps_the_title_page() {
        let sect = r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1" /><w:pgSz w:w="11906" w:h="16838" /><w:titlePg /></w:sectPr>"#;
        let p = |t: &str| format!("<w:p w14:paraId=\"1\"><w:r><w:t>{t}</w:t></w:r></w:p>");
        let doc = format!(
            "<w:body>{}{}{}{}{}{sect}</w:body>",
            p("sampul"),
            p(&format!("{PENANDA}tegak")),
            p("tabel lebar"),
            p(&format!("{PENANDA}lanskap")),
            p("penutup")
        );
        let out = seksi(&doc).unwrap();
        assert!(!out.contains(PENANDA));
        assert_eq!(out.matches("<w:sectPr>").count(), 3, "{out}");
        assert_eq!(out.matches("<w:titlePg />").count(), 1, "{out}");
        assert_eq!(out.matches("w:orient=\"landscape\"").count(), 1, "{out}");
        assert_eq!(out.matches("rIdFooter1").count(), 3, "every section keeps the footer: {out}");
        let urutan: Vec<usize> = ["sampul", "<w:titlePg />", "tabel lebar", "landscape", "penutup"]
            .iter()
            .map(|s| out.find(s).unwrap())
            .collect();
        assert!(urutan.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert!(out.ends_with("</w:sectPr></w:body>"), "{out}");
    }
}
