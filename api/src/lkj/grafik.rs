//! The report's charts, drawn once (plotters) onto two backends: SVG for the printable page
//! (text stays text, crisp at any zoom) and PNG for the Word document. Labels are the layout's
//! own strings; the values are the view's exact decimals, written the Indonesian way. The font
//! is compiled in (DejaVu Sans, see `api/assets/fonts/`), so no server font is needed.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::Grafik;
use crate::domain::angka;
use crate::error::AppError;

/// Pixels of a chart: wide enough for 40 indicator codes side by side.
pub const LEBAR: u32 = 1200;
pub const TINGGI: u32 = 420;

static FONT: Once = Once::new();

fn daftar_font() {
    FONT.call_once(|| {
        let bytes: &'static [u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        // A compiled-in font that does not parse is a build defect; the charts then have no text.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, bytes);
    });
}

const BIRU: RGBColor = RGBColor(0x2f, 0x55, 0x97);
const MERAH: RGBColor = RGBColor(0xc0, 0x00, 0x00);

fn gambar<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, g: &Grafik) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let n = g.nilai.len().max(1);
    let maks = g.nilai.iter().copied().chain(g.acuan).max().unwrap_or(Decimal::ONE_HUNDRED).max(Decimal::ONE);
    // Many bars: their values and codes stand upright, so a 9 pt-sized label still fits its bar.
    let tegak = n > 16;
    let skala = (maks * Decimal::new(if tegak { 125 } else { 115 }, 2)).ceil().to_f64().unwrap_or(125.0);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(if tegak { 70 } else { 34 })
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..n as f64, 0f64..skala)
        .map_err(e)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .label_style(("sans-serif", 18))
        .draw()
        .map_err(e)?;
    let titik: Vec<(f64, f64)> =
        g.nilai.iter().enumerate().map(|(i, v)| (i as f64 + 0.5, v.to_f64().unwrap_or(0.0))).collect();
    if let Some(a) = g.acuan.and_then(|a| a.to_f64()) {
        chart.draw_series(LineSeries::new([(0.0, a), (n as f64, a)], MERAH.stroke_width(1))).map_err(e)?;
    }
    if g.garis {
        chart.draw_series(LineSeries::new(titik.clone(), BIRU.stroke_width(3))).map_err(e)?;
        chart.draw_series(titik.iter().map(|p| Circle::new(*p, 4, BIRU.filled()))).map_err(e)?;
    } else {
        chart
            .draw_series(titik.iter().map(|(x, y)| Rectangle::new([(x - 0.35, 0.0), (x + 0.35, *y)], BIRU.filled())))
            .map_err(e)?;
    }
    // About 9 pt once the chart is printed 16 cm wide.
    let ukuran = 19;
    let huruf = |h, v| {
        let f = ("sans-serif", ukuran).into_font().color(&BLACK);
        if tegak {
            f.transform(FontTransform::Rotate270).pos(Pos::new(h, VPos::Center))
        } else {
            f.pos(Pos::new(HPos::Center, v))
        }
    };
    let nilai = huruf(HPos::Left, VPos::Bottom);
    for ((x, y), v) in titik.iter().zip(&g.nilai) {
        // The one rule of every document: two decimals at most, half up, a comma.
        let teks = angka::format_persen(*v);
        let (px, py) = chart.backend_coord(&(*x, *y));
        root.draw(&Text::new(teks, (px, py - 3), nilai.clone())).map_err(e)?;
    }
    let label = huruf(HPos::Right, VPos::Top);
    for (i, l) in g.label.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        root.draw(&Text::new(l.clone(), (px, py + 6), label.clone())).map_err(e)?;
    }
    root.present().map_err(e)
}

/// The chart as an SVG element, to inline in a page.
pub fn svg(g: &Grafik) -> Result<String, AppError> {
    daftar_font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (LEBAR, TINGGI)).into_drawing_area();
        gambar(&root, g).map_err(AppError::internal)?;
    }
    // Scales with the page instead of keeping its pixel size; named for screen readers by its
    // title, as an image must be (the figures themselves are in the table beside it).
    let nama = g.judul.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    Ok(out.replacen(
        &format!("width=\"{LEBAR}\" height=\"{TINGGI}\""),
        &format!("width=\"100%\" role=\"img\" aria-label=\"{nama}\""),
        1,
    ))
}

/// The chart as a PNG image.
pub fn png(g: &Grafik) -> Result<Vec<u8>, AppError> {
    daftar_font();
    let mut rgb = vec![0_u8; (LEBAR * TINGGI * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (LEBAR, TINGGI)).into_drawing_area();
        gambar(&root, g).map_err(AppError::internal)?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, LEBAR, TINGGI);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(AppError::internal)?;
        w.write_image_data(&rgb).map_err(AppError::internal)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contoh() -> Grafik {
        Grafik {
            judul: "Capaian".into(),
            garis: false,
            label: vec!["SS1".into(), "SS3".into()],
            nilai: vec![Decimal::ONE_HUNDRED, Decimal::new(11775, 2)],
            acuan: Some(Decimal::ONE_HUNDRED),
        }
    }

    #[test]
    fn a_chart_draws_its_labels_and_exact_values() {
        let s = svg(&contoh()).unwrap();
        assert!(s.contains("viewBox") && s.contains("\nSS3\n") && s.contains("\n117,75\n"), "{s}");
        let p = png(&contoh()).unwrap();
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
        // Text was rasterised: the image has dark pixels outside the bars' blue.
        let mut dekoder = png::Decoder::new(std::io::Cursor::new(p)).read_info().unwrap();
        let mut buf = vec![0; dekoder.output_buffer_size().unwrap()];
        dekoder.next_frame(&mut buf).unwrap();
        assert!(buf.chunks(3).any(|c| c == [0, 0, 0] || c.iter().all(|v| *v < 40)));
    }
}
