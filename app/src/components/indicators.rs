//! Indicators as the 指标 page and the dashboard's tiles show them: a figure with its measure,
//! a sparkline of the last periods, and the tiles of the pinned ones.

use leptos::prelude::*;

use crate::domain::indicators::{figure_text, sparkline_points};
use crate::i18n::use_locale;
use crate::model::IndicatorView;

/// A figure with its measure, or a dash.
pub fn figure(value: Option<i64>, measure: &str) -> String {
    value.map_or_else(
        || "—".to_string(),
        |v| format!("{} {measure}", figure_text(v)),
    )
}

/// The sparkline of an indicator's last periods.
#[component]
pub fn Sparkline(trend: Vec<(chrono::NaiveDate, i64)>) -> impl IntoView {
    let values: Vec<i64> = trend.iter().map(|(_, v)| *v).collect();
    let points = sparkline_points(&values, 80.0, 20.0);
    (!points.is_empty()).then(|| {
        view! {
            <svg class="sparkline" width="80" height="22" viewBox="0 -1 80 22" aria-hidden="true">
                <polyline points=points fill="none" stroke="currentColor" stroke-width="1.5"/>
            </svg>
        }
    })
}

/// The pinned indicators as tiles: the year's figure, the target and what 序时 asks by now.
#[component]
pub fn IndicatorTiles(indicators: Vec<IndicatorView>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.indicators();
    (!indicators.is_empty()).then(|| {
        view! {
            <section class="panel indicator-tiles" aria-label=t.tiles>
                <h2>{t.tiles}</h2>
                <div class="tile-row">
                    {indicators.into_iter().map(|ind| {
                        let standing = match ind.on_track {
                            Some(true) => "tile indicator-tile status-on-track",
                            Some(false) => "tile indicator-tile status-behind",
                            None => "tile indicator-tile",
                        };
                        view! {
                            <a class=standing href="/indicators" data-indicator=ind.id>
                                <span class="tile-label">{locale.pick(&ind.name_zh, &ind.name_en).to_string()}</span>
                                <span class="tile-value">{figure(ind.value, &ind.measure)}</span>
                                <span class="tile-note">
                                    {t.col_target}" "{figure(ind.target, &ind.measure)}
                                    " · "{t.col_expected}" "{figure(ind.expected, &ind.measure)}
                                </span>
                                <Sparkline trend=ind.trend/>
                            </a>
                        }
                    }).collect_view()}
                </div>
            </section>
        }
    })
}
