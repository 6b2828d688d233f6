//! Charts as PNG, drawn from the very SVG the dashboard shows (resvg) with the machine's CJK
//! fonts, so the picture in a slide or a report never disagrees with the page.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the chart's SVG could not be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the chart is too large or empty to draw")]
    Size,
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// The system's fonts, read once (reading them takes a moment).
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            // A generic `sans-serif` falls back to a CJK face where the machine has one.
            let cjk = [
                "Noto Sans CJK SC",
                "Source Han Sans SC",
                "WenQuanYi Micro Hei",
            ]
            .into_iter()
            .find(|family| has_family_in(&db, family));
            if let Some(family) = cjk {
                db.set_sans_serif_family(family);
            }
            Arc::new(db)
        })
        .clone()
}

fn has_family_in(db: &fontdb::Database, family: &str) -> bool {
    db.faces()
        .any(|face| face.families.iter().any(|(name, _)| name == family))
}

/// Whether the machine has a font of this family.
pub fn has_family(family: &str) -> bool {
    has_family_in(&fonts(), family)
}

/// The SVG drawn at `scale` times its size: the PNG's bytes, width and height in pixels.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<(Vec<u8>, u32, u32), PngError> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok((png, width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_png_of_its_own_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="60" height="40" fill="#c00"/><text x="65" y="25" font-family="sans-serif" font-size="12">OK</text></svg>"##;
        let (png, w, h) = svg_to_png(svg, 1.0).unwrap();
        assert_eq!((w, h), (120, 40));
        assert!(png.starts_with(&[0x89, b'P', b'N', b'G']));
        let (_, w2, h2) = svg_to_png(svg, 2.0).unwrap();
        assert_eq!((w2, h2), (240, 80));
        assert!(svg_to_png("<svg", 1.0).is_err());
    }
}
