//! The dashboard's server-drawn charts, each with its download link and its figures as a table.

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::model::{Chart, DashboardFilter};

/// The markup of the dashboard's charts panel for `charts`, drawn for `filter`: rendered once per
/// computed dashboard and shared by every reader of it (`crate::cache`), or by the page itself
/// for a dashboard that was not cached.
pub fn charts_markup(charts: &[Chart], filter: &DashboardFilter, locale: Locale) -> String {
    let query = crate::model::query::to_query(filter);
    let owner = Owner::new();
    owner.with(|| {
        charts
            .iter()
            .map(|chart| {
                view! { <ChartPanel chart=chart.clone() query=query.clone() locale/> }.to_html()
            })
            .collect()
    })
}

/// `<tr><td>…</td></tr>` for each row, with the text escaped: one string for a chart's whole
/// table rather than a view per cell, which would also write a placeholder into every empty cell.
pub fn table_rows_html(rows: &[Vec<String>]) -> String {
    let mut html = String::new();
    for row in rows {
        html.push_str("<tr>");
        for cell in row {
            html.push_str("<td>");
            for c in cell.chars() {
                match c {
                    '&' => html.push_str("&amp;"),
                    '<' => html.push_str("&lt;"),
                    '>' => html.push_str("&gt;"),
                    _ => html.push(c),
                }
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html
}

/// A server-drawn chart with its download link and its figures as a table behind a toggle.
#[component]
fn ChartPanel(chart: Chart, query: String, locale: Locale) -> impl IntoView {
    let d = locale.dash();
    let download = if query.is_empty() {
        format!("/charts/{}.svg", chart.key)
    } else {
        format!("/charts/{}.svg?{query}", chart.key)
    };
    let title_id = format!("chart-{}-title", chart.key);
    let data_id = format!("chart-{}-data", chart.key);
    view! {
        <section class="panel chart" data-chart=chart.key.clone() aria-labelledby=title_id.clone()>
            <div class="chart-head">
                <h2 id=title_id.clone()>{chart.title.clone()}</h2>
                <span class="chart-links">
                    // The chart's text alternative is its table: this link opens it (a fragment
                    // inside a closed <details> opens it), for readers who cannot see the drawing.
                    <a class="chart-data-link" href=format!("#{data_id}")>{locale.layout().chart_data_link}</a>
                    <a class="chart-download" href=download rel="external" download=format!("{}.svg", chart.key)>{d.download_svg}</a>
                </span>
            </div>
            // A group, not an image: the timeline's and the matrix's bars are links. On a phone it
            // scrolls sideways inside its panel, so it takes the keyboard's focus to be scrolled.
            <div class="chart-svg" role="group" tabindex="0" aria-labelledby=title_id.clone()
                aria-details=data_id.clone() inner_html=chart.svg></div>
            <details class="chart-data">
                <summary>{d.show_data}</summary>
                <table class="data-table" id=data_id>
                    <caption class="sr-only">{chart.title.clone()}</caption>
                    <thead><tr>{chart.table_head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody inner_html=table_rows_html(&chart.table_rows)></tbody>
                </table>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_markup_escapes_cell_text() {
        let rows = vec![vec![
            "<b>一张网</b> & 一平台".to_string(),
            "35.0%".to_string(),
            String::new(),
        ]];
        assert_eq!(
            table_rows_html(&rows),
            "<tr><td>&lt;b&gt;一张网&lt;/b&gt; &amp; 一平台</td><td>35.0%</td><td></td></tr>"
        );
    }
}
