//! A report laid out as a 公文 per GB/T 9704-2012, written as DOCX (docx-rs): A4; margins top
//! 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 2号 小标宋; the body in 3号 仿宋 on
//! a fixed 28.95 pt line pitch (22 lines a page); headings 一、 in 黑体, （一） in 楷体, 1. in bold
//! 仿宋; page numbers "— N —" in 4号 at the foot.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, Paragraph, Pic, Run, RunFonts, SpecialIndentType, Table, TableCell, TableRow,
    WidthType,
};

use crate::domain::report_doc::{Block, ReportDocument};

/// Twentieths of a point in a millimetre.
fn mm(millimetres: f64) -> i32 {
    (millimetres * 1440.0 / 25.4).round() as i32
}

/// Half-points of the Chinese type sizes used.
const SIZE_2: usize = 44; // 2号, 22 pt
const SIZE_3: usize = 32; // 3号, 16 pt
const SIZE_4: usize = 28; // 4号, 14 pt
const SIZE_TABLE: usize = 21; // 5号, 10.5 pt
/// 22 lines on the 225 mm type area: 28.95 pt, in twentieths of a point.
const LINE_PITCH: i32 = 579;
/// Two characters of 3号 text: the first-line indent of a paragraph.
const INDENT_TWO_CHARS: i32 = 640;
/// The type area's width: 210 − 28 − 26 mm, in EMU (a chart fills it).
const TEXT_WIDTH_EMU: u32 = 156 * 36_000;

/// The font families a document names. The machine that opens it substitutes what it lacks; the
/// server picks the 公文 fonts where it has them (for its own PDF), common ones otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fonts {
    pub title: String,
    pub body: String,
    pub heading1: String,
    pub heading2: String,
}

impl Fonts {
    /// The first family of each list that `installed` says the machine has, else the last of the
    /// list (what Word and WPS on a Chinese Windows always have).
    pub fn choose(installed: impl Fn(&str) -> bool) -> Fonts {
        let pick = |families: &[&str]| {
            families
                .iter()
                .find(|f| installed(f))
                .or(families.last())
                .map(|f| f.to_string())
                .unwrap_or_default()
        };
        Fonts {
            title: pick(&["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体"]),
            body: pick(&["仿宋_GB2312", "仿宋"]),
            heading1: pick(&["黑体"]),
            heading2: pick(&["楷体_GB2312", "楷体"]),
        }
    }
}

/// A chart as PNG, with its size in pixels.
pub struct ChartImage {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, thiserror::Error)]
#[error("the document could not be written: {0}")]
pub struct DocxError(pub String);

fn fonts(family: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(family)
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
}

fn pitch() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH)
}

fn text_run(text: &str, family: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(family)).size(size)
}

fn body_paragraph(text: &str, f: &Fonts) -> Paragraph {
    // A paragraph that opens with "1." is a 三级 item: its number in bold.
    let numbered = text
        .split_once('.')
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let p = Paragraph::new()
        .line_spacing(pitch())
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(INDENT_TWO_CHARS)),
            None,
            None,
        )
        .align(AlignmentType::Both);
    match numbered {
        Some((n, rest)) => p
            .add_run(text_run(&format!("{n}."), &f.body, SIZE_3).bold())
            .add_run(text_run(rest, &f.body, SIZE_3)),
        None => p.add_run(text_run(text, &f.body, SIZE_3)),
    }
}

fn table(t: &crate::domain::report_doc::Table, f: &Fonts) -> Table {
    let total_width: u32 = t.widths.iter().sum::<u32>().max(1);
    // The type area is 156 mm wide.
    let area = mm(156.0) as u32;
    let widths: Vec<usize> = t
        .widths
        .iter()
        .map(|w| (area * w / total_width) as usize)
        .collect();
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            cells
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let run = text_run(text, &f.body, SIZE_TABLE);
                    let run = if bold { run.bold() } else { run };
                    TableCell::new()
                        .width(widths.get(i).copied().unwrap_or(1000), WidthType::Dxa)
                        .add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Center)
                                .line_spacing(
                                    LineSpacing::new()
                                        .line_rule(LineSpacingType::Auto)
                                        .line(240),
                                )
                                .add_run(run),
                        )
                })
                .collect(),
        )
        .cant_split()
    };
    let mut rows = vec![row(&t.head, true)];
    rows.extend(t.rows.iter().map(|r| row(r, false)));
    if let Some(total) = &t.total {
        rows.push(row(total, true));
    }
    Table::new(rows)
        .set_grid(widths.clone())
        .width(area as usize, WidthType::Dxa)
        .align(docx_rs::TableAlignmentType::Center)
}

fn chart(image: &ChartImage, caption: &str, f: &Fonts) -> [Paragraph; 2] {
    let height =
        u64::from(TEXT_WIDTH_EMU) * u64::from(image.height) / u64::from(image.width.max(1));
    let pic = Pic::new_with_dimensions(image.png.clone(), image.width, image.height)
        .size(TEXT_WIDTH_EMU, u32::try_from(height).unwrap_or(u32::MAX));
    [
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_image(pic)),
        Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(pitch())
            .add_run(text_run(caption, &f.body, SIZE_4)),
    ]
}

/// "— N —" centred in 4号 宋体.
fn page_number_footer() -> Footer {
    let family = "宋体";
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text_run("— ", family, SIZE_4))
            .add_run(
                Run::new()
                    .fonts(fonts(family))
                    .size(SIZE_4)
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(text_run(" —", family, SIZE_4)),
    )
}

/// The DOCX bytes of `doc`, with `charts` (by key) where it shows them. A chart missing from
/// `charts` is left out with its caption.
pub fn write(
    doc: &ReportDocument,
    charts: &BTreeMap<String, ChartImage>,
    f: &Fonts,
) -> Result<Vec<u8>, DocxError> {
    let mut docx = Docx::new()
        .page_size(mm(210.0) as u32, mm(297.0) as u32)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(25.0)),
        )
        .default_fonts(fonts(&f.body))
        .default_size(SIZE_3)
        .footer(page_number_footer());
    for block in &doc.blocks {
        match block {
            Block::Title(text) => {
                docx = docx
                    .add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .line_spacing(pitch())
                            .add_run(text_run(text, &f.title, SIZE_2)),
                    )
                    // One empty line between the title and the body.
                    .add_paragraph(Paragraph::new().line_spacing(pitch()));
            }
            Block::Heading(level, text) => {
                let run = match level {
                    1 => text_run(text, &f.heading1, SIZE_3),
                    2 => text_run(text, &f.heading2, SIZE_3),
                    _ => text_run(text, &f.body, SIZE_3).bold(),
                };
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .line_spacing(pitch())
                        .indent(
                            None,
                            Some(SpecialIndentType::FirstLine(INDENT_TWO_CHARS)),
                            None,
                            None,
                        )
                        .outline_lvl(usize::from(level.saturating_sub(1)))
                        .keep_next(true)
                        .add_run(run),
                );
            }
            Block::Paragraph(text) => docx = docx.add_paragraph(body_paragraph(text, f)),
            Block::Table(t) => {
                docx = docx
                    .add_table(table(t, f))
                    .add_paragraph(Paragraph::new().line_spacing(pitch()));
            }
            Block::Chart { key, caption } => {
                if let Some(image) = charts.get(key) {
                    for p in chart(image, caption, f) {
                        docx = docx.add_paragraph(p);
                    }
                }
            }
            Block::Signature { body, date } => {
                // An empty line, then the body and the date, right-aligned four characters in.
                let right = |text: &str| {
                    Paragraph::new()
                        .align(AlignmentType::Right)
                        .line_spacing(pitch())
                        .indent(None, None, Some(INDENT_TWO_CHARS * 2), None)
                        .add_run(text_run(text, &f.body, SIZE_3))
                };
                docx = docx
                    .add_paragraph(Paragraph::new().line_spacing(pitch()))
                    .add_paragraph(right(body))
                    .add_paragraph(right(date));
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn document_xml(docx: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn what_people_typed_is_text_never_markup() {
        let doc = ReportDocument {
            blocks: vec![
                Block::Title("T".into()),
                Block::Paragraph("a<w:p>&b</w:p>".into()),
            ],
        };
        let fonts = Fonts::choose(|_| false);
        let xml = document_xml(&write(&doc, &BTreeMap::new(), &fonts).unwrap());
        assert!(xml.contains("a&lt;w:p&gt;&amp;b&lt;/w:p&gt;"), "{xml}");
    }

    #[test]
    fn fonts_fall_back_to_what_every_chinese_desktop_has() {
        let plain = Fonts::choose(|_| false);
        assert_eq!(plain.title, "宋体");
        assert_eq!(plain.body, "仿宋");
        assert_eq!(plain.heading2, "楷体");
        let proper =
            Fonts::choose(|family| family.ends_with("GB2312") || family == "方正小标宋简体");
        assert_eq!(proper.title, "方正小标宋简体");
        assert_eq!(proper.body, "仿宋_GB2312");
        assert_eq!(proper.heading2, "楷体_GB2312");
    }
}
