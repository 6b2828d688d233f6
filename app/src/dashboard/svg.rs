//! Charts drawn on the server with plotters as SVG. Layout is computed here in pixels, so the
//! same figures always give the same picture, and clickable areas (links) can be laid over it.
//! Text is SVG `<text>` in CJK-capable font families, so Chinese renders in the browser and in
//! a downloaded file without shipping a font.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontFamily;

use crate::domain::status::Status;

/// Font families named in every chart, CJK first (whichever the reader's machine has).
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif";

const WIDTH: u32 = 760;
const LABEL_WIDTH: i32 = 120;
const INK: RGBColor = RGBColor(0x1f, 0x29, 0x33);
const MUTED: RGBColor = RGBColor(0x5f, 0x6b, 0x7a);
const GRID: RGBColor = RGBColor(0xdd, 0xe3, 0xea);

#[derive(Debug, thiserror::Error)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(String);

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// The pages' status colours (style/main.css): white text on the strong one reads at 4.5:1 or more.
const COLORS: [(Status, RGBColor, RGBColor); 4] = [
    (
        Status::Completed,
        RGBColor(0x4a, 0x5a, 0x6a),
        RGBColor(0xe8, 0xec, 0xf0),
    ),
    (
        Status::OnTrack,
        RGBColor(0x23, 0x70, 0x3a),
        RGBColor(0xe5, 0xf3, 0xe8),
    ),
    (
        Status::Behind,
        RGBColor(0x8a, 0x5a, 0x00),
        RGBColor(0xfd, 0xf3, 0xdc),
    ),
    (
        Status::Critical,
        RGBColor(0xb0, 0x33, 0x23),
        RGBColor(0xfb, 0xe6, 0xe3),
    ),
];
static WHITE_TEXT: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Strong and light colours of a status, as on the pages.
fn status_colors(status: Status) -> (&'static RGBColor, &'static RGBColor) {
    let (_, strong, light) = COLORS
        .iter()
        .find(|(s, _, _)| *s == status)
        .unwrap_or(&COLORS[1]);
    (strong, light)
}

/// Text of `size` CSS pixels (plotters writes sizes 1/1.24 smaller than asked).
fn text_style(size: f64, color: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONT_FAMILY), size * 1.24).into_font())
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// Runs `draw` on a fresh SVG canvas and returns the document.
fn svg(
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(compact(&out))
}

/// Names the font families once, on the root element, for every text to inherit, and drops
/// `opacity="1"`, the default. plotters writes both on every element: they were a fifth of the
/// dashboard page, copied for every reader and sent to every browser.
fn compact(svg: &str) -> String {
    let family = format!(" font-family=\"{FONT_FAMILY}\"");
    let body = svg.replace(&family, "").replace(" opacity=\"1\"", "");
    match body.strip_prefix("<svg") {
        Some(rest) => format!("<svg{family}{rest}"),
        None => body,
    }
}

/// Escapes text for an XML attribute or element.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lays transparent links over rectangles of a finished SVG: `(x, y, w, h, href, title)`.
fn with_links(svg: String, links: &[(i32, i32, i32, i32, String, String)]) -> String {
    let Some(end) = svg.rfind("</svg>") else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + links.len() * 160);
    out.push_str(&svg[..end]);
    for (x, y, w, h, href, title) in links {
        out.push_str(&format!(
            "<a href=\"{}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"transparent\"/></a>\n",
            xml(href),
            xml(title)
        ));
    }
    out.push_str(&svg[end..]);
    out
}

/// One cell of the 五个一 × 阶段 matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixCell {
    pub actual: f64,
    pub expected: f64,
    pub status: Status,
    pub milestones: usize,
    pub href: String,
}

/// The heatmap of weighted progress per pillar (rows) and phase (columns); each cell links to
/// the milestones behind it. `cells[row][col]` is `None` where no milestone falls.
pub fn matrix(
    rows: &[String],
    cols: &[String],
    cells: &[Vec<Option<MatrixCell>>],
    expected_label: &str,
    count_label: &str,
) -> Result<String, ChartError> {
    let top = 36;
    let cell_h = 48;
    let cell_w = (WIDTH as i32 - LABEL_WIDTH - 10) / cols.len().max(1) as i32;
    let height = (top + cell_h * rows.len() as i32 + 10) as u32;
    let mut links = Vec::new();
    let drawn = svg(height, |root| {
        for (c, col) in cols.iter().enumerate() {
            let x = LABEL_WIDTH + cell_w * c as i32 + cell_w / 2;
            root.draw(&Text::new(
                col.clone(),
                (x, top / 2),
                text_style(14.0, &INK, HPos::Center),
            ))
            .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let y = top + cell_h * r as i32;
            root.draw(&Text::new(
                row.clone(),
                (LABEL_WIDTH - 10, y + cell_h / 2),
                text_style(14.0, &INK, HPos::Right),
            ))
            .map_err(err)?;
            for (c, col) in cols.iter().enumerate() {
                let x = LABEL_WIDTH + cell_w * c as i32;
                let (x0, y0, x1, y1) = (x + 2, y + 2, x + cell_w - 2, y + cell_h - 2);
                match cells
                    .get(r)
                    .and_then(|row| row.get(c))
                    .and_then(|cell| cell.as_ref())
                {
                    Some(cell) => {
                        let (strong, light) = status_colors(cell.status);
                        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], light.filled()))
                            .map_err(err)?;
                        root.draw(&Rectangle::new([(x0, y0), (x0 + 4, y1)], strong.filled()))
                            .map_err(err)?;
                        let mid = x + cell_w / 2;
                        root.draw(&Text::new(
                            format!("{:.1}%", cell.actual),
                            (mid, y + 18),
                            text_style(15.0, strong, HPos::Center),
                        ))
                        .map_err(err)?;
                        let note = format!(
                            "{expected_label} {:.1}% · {} {count_label}",
                            cell.expected, cell.milestones
                        );
                        root.draw(&Text::new(
                            note,
                            (mid, y + 35),
                            text_style(11.0, &MUTED, HPos::Center),
                        ))
                        .map_err(err)?;
                        links.push((
                            x0,
                            y0,
                            x1 - x0,
                            y1 - y0,
                            cell.href.clone(),
                            format!("{row} · {col}"),
                        ));
                    }
                    None => {
                        root.draw(&Rectangle::new(
                            [(x0, y0), (x1, y1)],
                            RGBColor(0xf5, 0xf7, 0xfa).filled(),
                        ))
                        .map_err(err)?;
                        root.draw(&Text::new(
                            "—",
                            (x + cell_w / 2, y + cell_h / 2),
                            text_style(14.0, &MUTED, HPos::Center),
                        ))
                        .map_err(err)?;
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(with_links(drawn, &links))
}

/// One bar of the progress chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressBarData {
    pub label: String,
    pub actual: f64,
    pub expected: f64,
    pub status: Status,
}

/// Actual progress per group as bars, with the 序时进度 marker on each.
pub fn progress_bars(bars: &[ProgressBarData], expected_label: &str) -> Result<String, ChartError> {
    let top = 30;
    let row_h = 34;
    let bar_w = 430;
    let height = (top + row_h * bars.len() as i32 + 12) as u32;
    let x_of = |percent: f64| {
        LABEL_WIDTH + (percent.clamp(0.0, 100.0) / 100.0 * bar_w as f64).round() as i32
    };
    svg(height, |root| {
        for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
            let x = x_of(tick);
            root.draw(&PathElement::new(
                vec![(x, top - 6), (x, height as i32 - 8)],
                GRID.stroke_width(1),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                format!("{tick:.0}%"),
                (x, top - 16),
                text_style(11.0, &MUTED, HPos::Center),
            ))
            .map_err(err)?;
        }
        for (i, bar) in bars.iter().enumerate() {
            let y = top + row_h * i as i32;
            let (strong, light) = status_colors(bar.status);
            root.draw(&Text::new(
                bar.label.clone(),
                (LABEL_WIDTH - 10, y + row_h / 2),
                text_style(14.0, &INK, HPos::Right),
            ))
            .map_err(err)?;
            root.draw(&Rectangle::new(
                [(x_of(0.0), y + 8), (x_of(100.0), y + row_h - 8)],
                light.filled(),
            ))
            .map_err(err)?;
            root.draw(&Rectangle::new(
                [(x_of(0.0), y + 8), (x_of(bar.actual), y + row_h - 8)],
                strong.filled(),
            ))
            .map_err(err)?;
            let marker = x_of(bar.expected);
            root.draw(&PathElement::new(
                vec![(marker, y + 3), (marker, y + row_h - 3)],
                INK.stroke_width(2),
            ))
            .map_err(err)?;
            let note = format!("{:.1}% · {expected_label} {:.1}%", bar.actual, bar.expected);
            root.draw(&Text::new(
                note,
                (x_of(100.0) + 12, y + row_h / 2),
                text_style(12.0, &INK, HPos::Left),
            ))
            .map_err(err)?;
        }
        Ok(())
    })
}

/// How many milestones of each kind (status, band of slip …) a group has.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub label: String,
    /// In the order of the chart's legend.
    pub counts: Vec<usize>,
}

/// The legend of a status chart: each status's name and colour, in [`Status::ALL`]'s order.
pub fn status_legend(names: [&str; 4]) -> Vec<(&str, &'static RGBColor)> {
    Status::ALL
        .iter()
        .zip(names)
        .map(|(status, name)| (name, status_colors(*status).0))
        .collect()
}

/// Colours of the bands of slip, earlier to most late: green, grey, then yellow to red.
pub static SLIP_COLORS: [RGBColor; 5] = [
    RGBColor(0x2e, 0x85, 0x40),
    RGBColor(0x8a, 0x96, 0xa3),
    RGBColor(0xb7, 0x79, 0x1f),
    RGBColor(0xd3, 0x5f, 0x1e),
    RGBColor(0xc0, 0x39, 0x2b),
];

/// The distribution per group as 100 % stacked bars, with the counts written on them; `legend`
/// names and colours the parts in the order of each stack's counts.
pub fn stacked_bars(
    stacks: &[Stack],
    legend: &[(&str, &'static RGBColor)],
) -> Result<String, ChartError> {
    let top = 40;
    let row_h = 34;
    let bar_w = 560;
    let height = (top + row_h * stacks.len() as i32 + 12) as u32;
    svg(height, |root| {
        let mut x = LABEL_WIDTH;
        for (name, strong) in legend {
            root.draw(&Rectangle::new([(x, 10), (x + 12, 22)], strong.filled()))
                .map_err(err)?;
            root.draw(&Text::new(
                name.to_string(),
                (x + 18, 16),
                text_style(12.0, &INK, HPos::Left),
            ))
            .map_err(err)?;
            // Room for the name: Chinese characters are about twice as wide as Latin ones.
            let name_width: i32 = name
                .chars()
                .map(|c| if c.is_ascii() { 7 } else { 13 })
                .sum();
            x += (name_width + 34).max(110);
        }
        for (i, stack) in stacks.iter().enumerate() {
            let y = top + row_h * i as i32;
            root.draw(&Text::new(
                stack.label.clone(),
                (LABEL_WIDTH - 10, y + row_h / 2),
                text_style(14.0, &INK, HPos::Right),
            ))
            .map_err(err)?;
            let total: usize = stack.counts.iter().sum();
            if total == 0 {
                continue;
            }
            let mut x = LABEL_WIDTH;
            for ((_, strong), count) in legend.iter().zip(stack.counts.iter().copied()) {
                let w = (count as f64 / total as f64 * bar_w as f64).round() as i32;
                if w == 0 {
                    continue;
                }
                root.draw(&Rectangle::new(
                    [(x, y + 6), (x + w, y + row_h - 6)],
                    strong.filled(),
                ))
                .map_err(err)?;
                if w >= 18 {
                    root.draw(&Text::new(
                        count.to_string(),
                        (x + w / 2, y + row_h / 2),
                        text_style(12.0, &WHITE_TEXT, HPos::Center),
                    ))
                    .map_err(err)?;
                }
                x += w;
            }
            root.draw(&Text::new(
                total.to_string(),
                (LABEL_WIDTH + bar_w + 10, y + row_h / 2),
                text_style(12.0, &MUTED, HPos::Left),
            ))
            .map_err(err)?;
        }
        Ok(())
    })
}

/// Burn-up: actual (solid) and planned (light) cumulative progress by month, with a today line.
/// `points` are (day, actual, planned); `labels` are [actual, planned, today].
pub fn burn_up(
    points: &[(chrono::NaiveDate, Option<f64>, f64)],
    today: chrono::NaiveDate,
    labels: [&str; 3],
) -> Result<String, ChartError> {
    use chrono::Datelike;
    let (top, bottom, left, right) = (40, 36, 50, 20);
    let height: u32 = 300;
    let plot_w = WIDTH as i32 - left - right;
    let plot_h = height as i32 - top - bottom;
    let n = points.len().max(2) as i32 - 1;
    let x_of = |i: usize| left + (i as i32 * plot_w) / n;
    let y_of = |v: f64| top + plot_h - (v.clamp(0.0, 100.0) / 100.0 * plot_h as f64).round() as i32;
    let blue = RGBColor(0x1d, 0x5f, 0xa8);
    let plan = RGBColor(0x9a, 0xb4, 0xd3);
    static RED: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
    svg(height, |root| {
        for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
            let y = y_of(v);
            root.draw(&PathElement::new(
                vec![(left, y), (left + plot_w, y)],
                GRID.stroke_width(1),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                format!("{v:.0}%"),
                (left - 8, y),
                text_style(11.0, &MUTED, HPos::Right),
            ))
            .map_err(err)?;
        }
        // Each year's name under its middle; a faint line where one year ends.
        for (i, (day, _, _)) in points.iter().enumerate() {
            let x = x_of(i);
            if day.month() == 6 {
                root.draw(&Text::new(
                    day.year().to_string(),
                    (x, top + plot_h + 16),
                    text_style(12.0, &INK, HPos::Center),
                ))
                .map_err(err)?;
            } else if day.month() == 12 && i + 1 < points.len() {
                root.draw(&PathElement::new(
                    vec![(x, top), (x, top + plot_h)],
                    GRID.stroke_width(1),
                ))
                .map_err(err)?;
            }
        }
        let planned: Vec<(i32, i32)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (x_of(i), y_of(p.2)))
            .collect();
        root.draw(&PathElement::new(planned, plan.stroke_width(3)))
            .map_err(err)?;
        let actual: Vec<(i32, i32)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.1.map(|a| (x_of(i), y_of(a))))
            .collect();
        if let Some(&(x, y)) = actual.last() {
            root.draw(&PathElement::new(actual.clone(), blue.stroke_width(3)))
                .map_err(err)?;
            root.draw(&Circle::new((x, y), 4, blue.filled()))
                .map_err(err)?;
        }
        if let Some(i) = points.iter().position(|p| p.0 >= today) {
            let x = x_of(i);
            root.draw(&PathElement::new(
                vec![(x, top - 4), (x, top + plot_h)],
                RED.stroke_width(1),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                labels[2].to_string(),
                (x, top - 12),
                text_style(11.0, &RED, HPos::Center),
            ))
            .map_err(err)?;
        }
        let mut x = left;
        for (color, label) in [(blue, labels[0]), (plan, labels[1])] {
            root.draw(&PathElement::new(
                vec![(x, 14), (x + 18, 14)],
                color.stroke_width(3),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                label.to_string(),
                (x + 24, 14),
                text_style(12.0, &INK, HPos::Left),
            ))
            .map_err(err)?;
            x += 130;
        }
        Ok(())
    })
}

/// A phase drawn as a band behind the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineBand {
    pub name: String,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
}

/// A milestone on the timeline, in lane `lane` (a pillar).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    pub id: i64,
    pub lane: usize,
    pub title: String,
    pub start: chrono::NaiveDate,
    pub due: chrono::NaiveDate,
    pub status: Status,
    pub href: String,
    /// Its start and due date in the newest baseline, drawn as a thin bar under it.
    pub planned: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// A collapsed lane's milestones in one phase, drawn as one bar split by status.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineSummary {
    pub lane: usize,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    /// Milestones per status, in the order of [`Status::ALL`].
    pub counts: [usize; 4],
    pub label: String,
    pub tooltip: String,
    pub href: String,
}

/// The roadmap timeline: phases as bands, one lane per pillar, milestones as bars (diamonds
/// when they last a day) coloured by status, dependencies as lines, and a today line. Lanes
/// grow with their busiest moment, so 400 milestones stay legible (the page scrolls); a lane
/// too full for that comes as `summaries` instead, one status-split bar per phase.
pub fn timeline(
    bands: &[TimelineBand],
    lanes: &[String],
    items: &[TimelineItem],
    summaries: &[TimelineSummary],
    dependencies: &[(i64, i64)],
    today: chrono::NaiveDate,
    today_label: &str,
) -> Result<String, ChartError> {
    let (Some(first), Some(last)) = (bands.first(), bands.last()) else {
        return svg(40, |_| Ok(()));
    };
    let (top, row_h, lane_pad) = (30, 16, 6);
    let plot_w = WIDTH as i32 - LABEL_WIDTH - 10;
    let span = (last.end - first.start).num_days().max(1) as f64;
    let x_of = |day: chrono::NaiveDate| {
        LABEL_WIDTH
            + (((day - first.start).num_days() as f64 / span) * plot_w as f64).round() as i32
    };
    // Rows inside each lane, then where each lane and item sits.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].lane, items[i].start, items[i].due));
    let mut row_of = vec![0usize; items.len()];
    let mut lane_rows = vec![1usize; lanes.len()];
    for (lane, lane_height) in lane_rows.iter_mut().enumerate() {
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| items[i].lane == lane)
            .collect();
        let intervals: Vec<_> = members
            .iter()
            .map(|&i| (items[i].start, items[i].due))
            .collect();
        let rows = crate::domain::timeline::pack_rows(&intervals);
        for (&i, row) in members.iter().zip(&rows) {
            row_of[i] = *row;
        }
        *lane_height = rows.iter().max().map_or(1, |m| m + 1);
    }
    let mut lane_top = Vec::with_capacity(lanes.len());
    let mut y = top;
    for rows in &lane_rows {
        lane_top.push(y);
        y += *rows as i32 * row_h + 2 * lane_pad;
    }
    // Room under the lanes for the today label, clear of the phase names above.
    let height = (y + 22) as u32;
    let center = |i: usize| {
        lane_top[items[i].lane.min(lanes.len().saturating_sub(1))]
            + lane_pad
            + row_of[i] as i32 * row_h
            + row_h / 2
    };
    static RED: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
    let mut links = Vec::new();
    let drawn = svg(height, |root| {
        for (i, band) in bands.iter().enumerate() {
            let (x0, x1) = (x_of(band.start), x_of(band.end));
            let shade = if i % 2 == 0 {
                RGBColor(0xf3, 0xf6, 0xf9)
            } else {
                WHITE
            };
            root.draw(&Rectangle::new([(x0, top), (x1, y)], shade.filled()))
                .map_err(err)?;
            root.draw(&Text::new(
                band.name.clone(),
                ((x0 + x1) / 2, top / 2),
                text_style(12.0, &INK, HPos::Center),
            ))
            .map_err(err)?;
        }
        for (lane, name) in lanes.iter().enumerate() {
            let (y0, h) = (
                lane_top[lane],
                lane_rows[lane] as i32 * row_h + 2 * lane_pad,
            );
            root.draw(&PathElement::new(
                vec![(LABEL_WIDTH, y0 + h), (WIDTH as i32 - 10, y0 + h)],
                GRID.stroke_width(1),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                name.clone(),
                (LABEL_WIDTH - 10, y0 + h / 2),
                text_style(13.0, &INK, HPos::Right),
            ))
            .map_err(err)?;
        }
        let index: std::collections::HashMap<i64, usize> =
            items.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        for (milestone, depends_on) in dependencies {
            if let (Some(&to), Some(&from)) = (index.get(milestone), index.get(depends_on)) {
                let line = vec![
                    (x_of(items[from].due), center(from)),
                    (x_of(items[to].start), center(to)),
                ];
                root.draw(&PathElement::new(line, MUTED.stroke_width(1)))
                    .map_err(err)?;
            }
        }
        for summary in summaries {
            let lane = summary.lane.min(lanes.len().saturating_sub(1));
            let yc = lane_top[lane] + lane_pad + row_h / 2;
            let (x0, x1) = (x_of(summary.start) + 2, x_of(summary.end) - 2);
            let total: usize = summary.counts.iter().sum();
            let mut x = x0;
            for (status, count) in Status::ALL.iter().zip(summary.counts) {
                let w = ((x1 - x0) as f64 * count as f64 / total.max(1) as f64).round() as i32;
                if w > 0 {
                    let (strong, _) = status_colors(*status);
                    root.draw(&Rectangle::new(
                        [(x, yc - 7), ((x + w).min(x1), yc + 7)],
                        strong.filled(),
                    ))
                    .map_err(err)?;
                }
                x += w;
            }
            root.draw(&Text::new(
                summary.label.clone(),
                ((x0 + x1) / 2, yc),
                text_style(11.0, &WHITE_TEXT, HPos::Center),
            ))
            .map_err(err)?;
            links.push((
                x0,
                yc - 7,
                x1 - x0,
                14,
                summary.href.clone(),
                summary.tooltip.clone(),
            ));
        }
        for (i, item) in items.iter().enumerate() {
            let (strong, _) = status_colors(item.status);
            let (x0, yc) = (x_of(item.start), center(i));
            if let Some((start, due)) = item.planned {
                let (p0, p1) = (x_of(start), x_of(due).max(x_of(start) + 2));
                root.draw(&Rectangle::new(
                    [(p0, yc + 7), (p1, yc + 9)],
                    MUTED.filled(),
                ))
                .map_err(err)?;
            }
            let x1 = x_of(item.due).max(x0 + 3);
            if item.start == item.due {
                let diamond = vec![(x0, yc - 6), (x0 + 6, yc), (x0, yc + 6), (x0 - 6, yc)];
                root.draw(&Polygon::new(diamond, strong.filled()))
                    .map_err(err)?;
            } else {
                root.draw(&Rectangle::new(
                    [(x0, yc - 6), (x1, yc + 6)],
                    strong.filled(),
                ))
                .map_err(err)?;
                // A title goes inside its bar only where it fits; every bar has it as a tooltip.
                if item.title.chars().count() as i32 * 11 + 8 <= x1 - x0 {
                    root.draw(&Text::new(
                        item.title.clone(),
                        (x0 + 4, yc),
                        text_style(10.0, &WHITE_TEXT, HPos::Left),
                    ))
                    .map_err(err)?;
                }
            }
            let title = format!("{}（{} – {}）", item.title, item.start, item.due);
            links.push((
                x0 - 6,
                yc - 7,
                (x1 - x0).max(12) + 6,
                14,
                item.href.clone(),
                title,
            ));
        }
        if today >= first.start && today <= last.end {
            let x = x_of(today);
            root.draw(&PathElement::new(
                vec![(x, top), (x, y + 4)],
                RED.stroke_width(2),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                today_label.to_string(),
                (x, y + 13),
                text_style(11.0, &RED, HPos::Center),
            ))
            .map_err(err)?;
        }
        Ok(())
    })?;
    Ok(with_links(drawn, &links))
}

/// Colours of the series of a stacked chart (pillars), in order; the last is "none".
const SERIES: [RGBColor; 6] = [
    RGBColor(0x1d, 0x5f, 0xa8),
    RGBColor(0x2e, 0x85, 0x40),
    RGBColor(0xb7, 0x79, 0x1f),
    RGBColor(0x7b, 0x4f, 0xa8),
    RGBColor(0xc0, 0x39, 0x2b),
    RGBColor(0x8a, 0x96, 0xa3),
];

/// One year of the investment chart: planned and completed amounts per series, in 万元.
#[derive(Clone, Debug, PartialEq)]
pub struct YearInvestment {
    pub year: i32,
    pub planned: Vec<f64>,
    pub completed: Vec<f64>,
    pub planned_label: String,
    pub completed_label: String,
}

/// Planned and completed investment per year as pairs of columns stacked by series.
/// Series with no amount in any year are left out of the legend. `caption` says which column
/// of each pair is planned and which completed.
pub fn investment_by_year(
    years: &[YearInvestment],
    series: &[String],
    caption: &str,
) -> Result<String, ChartError> {
    let (top, bottom, left) = (56, 40, 60);
    let height: u32 = 320;
    let plot_h = height as i32 - top - bottom;
    let max = years
        .iter()
        .flat_map(|y| {
            [
                y.planned.iter().sum::<f64>(),
                y.completed.iter().sum::<f64>(),
            ]
        })
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let group_w = (WIDTH as i32 - left - 20) / years.len().max(1) as i32;
    let bar_w = (group_w / 3).clamp(8, 48);
    let y_of = |v: f64| top + plot_h - (v / max * plot_h as f64).round() as i32;
    svg(height, |root| {
        let mut x = left;
        let used = |i: usize| {
            years.iter().any(|y| {
                y.planned.get(i).is_some_and(|v| *v > 0.0)
                    || y.completed.get(i).is_some_and(|v| *v > 0.0)
            })
        };
        for (i, name) in series.iter().enumerate().filter(|(i, _)| used(*i)) {
            let color = &SERIES[i.min(SERIES.len() - 1)];
            root.draw(&Rectangle::new([(x, 10), (x + 12, 22)], color.filled()))
                .map_err(err)?;
            root.draw(&Text::new(
                name.clone(),
                (x + 18, 16),
                text_style(12.0, &INK, HPos::Left),
            ))
            .map_err(err)?;
            x += 100;
        }
        root.draw(&Text::new(
            caption.to_string(),
            (left, 38),
            text_style(11.0, &MUTED, HPos::Left),
        ))
        .map_err(err)?;
        root.draw(&PathElement::new(
            vec![(left, top + plot_h), (WIDTH as i32 - 10, top + plot_h)],
            INK.stroke_width(1),
        ))
        .map_err(err)?;
        for (i, year) in years.iter().enumerate() {
            let gx = left + group_w * i as i32 + (group_w - 2 * bar_w - 6) / 2;
            for (j, (values, label)) in [
                (&year.planned, &year.planned_label),
                (&year.completed, &year.completed_label),
            ]
            .into_iter()
            .enumerate()
            {
                let bx = gx + j as i32 * (bar_w + 6);
                let mut base = 0.0;
                for (k, v) in values.iter().enumerate() {
                    if *v <= 0.0 {
                        continue;
                    }
                    let color = SERIES[k.min(SERIES.len() - 1)];
                    let fill = if j == 0 {
                        color.mix(0.45).filled()
                    } else {
                        color.filled()
                    };
                    root.draw(&Rectangle::new(
                        [(bx, y_of(base + v)), (bx + bar_w, y_of(base))],
                        fill,
                    ))
                    .map_err(err)?;
                    base += v;
                }
                root.draw(&Text::new(
                    label.clone(),
                    (bx + bar_w / 2, y_of(base) - 8),
                    text_style(10.0, &INK, HPos::Center),
                ))
                .map_err(err)?;
            }
            root.draw(&Text::new(
                year.year.to_string(),
                (gx + bar_w + 3, top + plot_h + 14),
                text_style(12.0, &INK, HPos::Center),
            ))
            .map_err(err)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of every `<text>` element, in order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</text>"))
            })
            .map(|(content, _)| content.trim().to_string())
            .collect()
    }

    #[test]
    fn the_matrix_shows_each_cell_and_links_it() {
        let cell = |actual: f64, status: Status, href: &str| {
            Some(MatrixCell {
                actual,
                expected: 85.1,
                status,
                milestones: 3,
                href: href.into(),
            })
        };
        let svg = matrix(
            &["一朵云".into(), "一城墙".into()],
            &["一年起势".into(), "两年搭架".into()],
            &[
                vec![
                    cell(82.0, Status::OnTrack, "/milestones?pillar=1&phase=1"),
                    None,
                ],
                vec![
                    cell(100.0, Status::Completed, "/milestones?pillar=5&phase=1"),
                    cell(20.5, Status::Critical, "/milestones?pillar=5&phase=2"),
                ],
            ],
            "序时",
            "项",
        )
        .unwrap();
        for text in [
            "一朵云",
            "一城墙",
            "一年起势",
            "两年搭架",
            "82.0%",
            "100.0%",
            "20.5%",
            "序时 85.1% · 3 项",
            "—",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.contains("href=\"/milestones?pillar=5&amp;phase=2\""));
        assert_eq!(
            svg.matches("<a href=").count(),
            3,
            "one link per filled cell"
        );
        assert!(svg.contains(FONT_FAMILY));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn progress_bars_carry_actual_and_expected() {
        let svg = progress_bars(
            &[ProgressBarData {
                label: "一张网".into(),
                actual: 64.26,
                expected: 70.0,
                status: Status::Behind,
            }],
            "序时",
        )
        .unwrap();
        let words = texts(&svg);
        assert!(words.contains(&"一张网".to_string()));
        assert!(
            words.contains(&"64.3% · 序时 70.0%".to_string()),
            "{words:?}"
        );
        assert!(words.contains(&"100%".to_string()));
        // Every text inherits the CJK font families from the root element, so Chinese renders
        // in the page, a downloaded file and the PNG alike; they are written once, not per text.
        assert!(svg.starts_with(&format!("<svg font-family=\"{FONT_FAMILY}\" ")));
        assert_eq!(svg.matches("font-family").count(), 1);
        assert!(svg.matches("<text").count() >= 3);
        assert!(!svg.contains(" opacity=\"1\""));
    }

    #[test]
    fn status_stacks_write_their_counts_and_totals() {
        let svg = stacked_bars(
            &[Stack {
                label: "一平台".into(),
                counts: vec![4, 3, 2, 1],
            }],
            &status_legend(["正常", "滞后", "严重滞后", "已完成"]),
        )
        .unwrap();
        let words = texts(&svg);
        for text in ["一平台", "已完成", "严重滞后", "4", "3", "2", "1", "10"] {
            assert!(
                words.contains(&text.to_string()),
                "missing {text} in {words:?}"
            );
        }
    }

    #[test]
    fn investment_columns_are_labelled_with_their_totals() {
        let svg = investment_by_year(
            &[YearInvestment {
                year: 2024,
                planned: vec![100.0, 50.5],
                completed: vec![80.0, 0.0],
                planned_label: "150.50".into(),
                completed_label: "80.00".into(),
            }],
            &["一朵云".into(), "一张网".into(), "一城墙".into()],
            "左：计划投资 · 右：完成投资",
        )
        .unwrap();
        let words = texts(&svg);
        for w in [
            "2024",
            "150.50",
            "80.00",
            "一朵云",
            "一张网",
            "左：计划投资 · 右：完成投资",
        ] {
            assert!(words.contains(&w.to_string()), "missing {w} in {words:?}");
        }
        assert!(
            !words.contains(&"一城墙".to_string()),
            "a series with no amount stays out of the legend"
        );
    }

    #[test]
    fn the_burn_up_draws_both_lines_and_today() {
        let day = |m: u32| chrono::NaiveDate::from_ymd_opt(2024, m, 28).unwrap();
        let points: Vec<_> = (1..=12)
            .map(|m| (day(m), (m <= 6).then_some(m as f64 * 5.0), m as f64 * 8.0))
            .collect();
        let svg = burn_up(&points, day(6), ["实际进度", "计划进度", "今天"]).unwrap();
        let words = texts(&svg);
        for w in ["实际进度", "计划进度", "今天", "2024", "100%"] {
            assert!(words.contains(&w.to_string()), "missing {w} in {words:?}");
        }
        assert_eq!(
            svg.matches("<polyline").count(),
            2 + 5 + 1 + 2,
            "plan, actual, 5 grid lines, today, 2 legend lines"
        );
    }

    #[test]
    fn the_timeline_links_every_milestone_and_stays_small_with_400() {
        let day = |y: i32, m: u32| chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let bands = vec![
            TimelineBand {
                name: "一年起势".into(),
                start: day(2023, 1),
                end: day(2023, 12),
            },
            TimelineBand {
                name: "五年成效".into(),
                start: day(2024, 1),
                end: day(2027, 12),
            },
        ];
        let lanes: Vec<String> = ["一朵云", "一张网", "一平台", "一系统", "一城墙"]
            .map(String::from)
            .to_vec();
        let items: Vec<TimelineItem> = (0..400)
            .map(|i| TimelineItem {
                id: i,
                lane: (i % 5) as usize,
                title: format!("里程碑{i}"),
                start: day(2023 + (i % 4) as i32, 1 + (i % 12) as u32),
                due: day(2024 + (i % 4) as i32, 1 + (i % 12) as u32),
                status: Status::ALL[(i % 4) as usize],
                href: format!("/milestones/{i}"),
                planned: None,
            })
            .collect();
        let svg = timeline(
            &bands,
            &lanes,
            &items,
            &[],
            &[(1, 0), (2, 1)],
            day(2026, 11),
            "今天",
        )
        .unwrap();
        let words = texts(&svg);
        for w in ["一年起势", "五年成效", "一朵云", "一城墙", "今天"] {
            assert!(words.contains(&w.to_string()), "missing {w}");
        }
        assert_eq!(
            svg.matches("<a href=").count(),
            400,
            "every milestone opens its page"
        );
        assert!(svg.contains("href=\"/milestones/399\""));
        assert!(
            svg.len() < 200_000,
            "{} bytes for 400 milestones",
            svg.len()
        );
    }

    #[test]
    fn a_collapsed_lane_is_one_bar_per_phase_split_by_status() {
        let day = |y: i32, m: u32| chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let bands = vec![TimelineBand {
            name: "三年突破".into(),
            start: day(2025, 1),
            end: day(2025, 12),
        }];
        let summary = TimelineSummary {
            lane: 0,
            start: day(2025, 1),
            end: day(2025, 12),
            counts: [6_000, 2_000, 1_000, 1_000],
            label: "10,000 项".into(),
            tooltip: "一平台 · 三年突破：10,000 项".into(),
            href: "/milestones?phase=3&pillar=3".into(),
        };
        let svg = timeline(
            &bands,
            &["一平台".into()],
            &[],
            &[summary],
            &[],
            day(2025, 6),
            "今天",
        )
        .unwrap();
        assert!(texts(&svg).contains(&"10,000 项".to_string()));
        assert_eq!(svg.matches("<a href=").count(), 1);
        assert!(svg.contains("href=\"/milestones?phase=3&amp;pillar=3\""));
        // Four status segments: the widths follow the counts (60 %, 20 %, 10 %, 10 %).
        let widths: Vec<i32> = svg
            .match_indices("<rect ")
            .filter_map(|(i, _)| {
                let tag = &svg[i..i + svg[i..].find('>')?];
                let fill_is_status = ["#23703a", "#8a5a00", "#b03323", "#4a5a6a"]
                    .iter()
                    .any(|c| tag.to_lowercase().contains(c));
                let w = tag
                    .split("width=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()?;
                fill_is_status.then_some(w)
            })
            .collect();
        assert_eq!(widths.len(), 4, "{widths:?}");
        assert!(
            widths[0] > 2 * widths[1] && widths[1] > widths[2],
            "{widths:?}"
        );
    }

    #[test]
    fn charts_stay_small_with_many_rows() {
        let rows: Vec<String> = (0..40).map(|i| format!("支柱{i}")).collect();
        let cols: Vec<String> = (0..4).map(|i| format!("阶段{i}")).collect();
        let cells: Vec<Vec<Option<MatrixCell>>> = (0..40)
            .map(|_| {
                (0..4)
                    .map(|_| {
                        Some(MatrixCell {
                            actual: 50.0,
                            expected: 60.0,
                            status: Status::Behind,
                            milestones: 9,
                            href: "/m".into(),
                        })
                    })
                    .collect()
            })
            .collect();
        let svg = matrix(&rows, &cols, &cells, "序时", "项").unwrap();
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
    }
}
