//! A page's filters behind one control (筛选), with the active ones as removable chips: on a
//! phone the first screen is the answer, not the form; on a desk the form is open at once.
//!
//! Each filter is described once ([`FilterField`]): its URL key, its label and how its value
//! reads. The same description draws the form's control and the chip, and a chip's link is the
//! page's own URL without that key, so removing a filter is a plain link that works everywhere.

use leptos::prelude::*;

use crate::i18n::Locale;

/// How a filter's value is chosen and read.
#[derive(Clone, Debug)]
pub enum FilterValues {
    /// A select of `(value, name)`; `any` says whether it offers "全部" (nothing chosen).
    Choices {
        options: Vec<(String, String)>,
        any: bool,
    },
    /// A day (`2025-12-31`), shown in the reader's date format.
    Date,
    /// A checkbox (`?overdue=true`); its chip is the label alone.
    Flag,
}

/// One filter of a page: its key in the URL, its label and its values.
#[derive(Clone, Debug)]
pub struct FilterField {
    pub key: &'static str,
    pub label: &'static str,
    pub values: FilterValues,
}

impl FilterField {
    /// A select with "全部" first.
    pub fn choice(key: &'static str, label: &'static str, options: Vec<(String, String)>) -> Self {
        FilterField {
            key,
            label,
            values: FilterValues::Choices { options, any: true },
        }
    }

    /// A select of display modes, whose first option is the default (no value in the URL).
    pub fn mode(key: &'static str, label: &'static str, options: Vec<(String, String)>) -> Self {
        FilterField {
            key,
            label,
            values: FilterValues::Choices {
                options,
                any: false,
            },
        }
    }

    pub fn date(key: &'static str, label: &'static str) -> Self {
        FilterField {
            key,
            label,
            values: FilterValues::Date,
        }
    }

    pub fn flag(key: &'static str, label: &'static str) -> Self {
        FilterField {
            key,
            label,
            values: FilterValues::Flag,
        }
    }

    /// How the chip reads `value`, or `None` when the value is not one this filter offers
    /// (a hand-edited link), which then shows no chip.
    pub fn chip_text(&self, value: &str, locale: Locale) -> Option<String> {
        let text = match &self.values {
            FilterValues::Choices { options, .. } => options
                .iter()
                .find(|(v, _)| v == value)
                .map(|(_, name)| name.clone())?,
            FilterValues::Date => {
                let day = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
                locale.date(day)
            }
            FilterValues::Flag => return (value == "true").then(|| self.label.to_string()),
        };
        Some(format!("{}{}{text}", self.label, locale.colon()))
    }

    /// The form's control for this filter, showing `chosen`.
    pub fn control(&self, chosen: Option<&str>, locale: Locale) -> AnyView {
        let (key, label) = (self.key, self.label);
        match &self.values {
            FilterValues::Choices { options, any } => {
                let options = options.clone();
                let chosen = chosen.map(str::to_string);
                let any = any.then(|| {
                    view! { <option value="" selected=chosen.is_none()>{locale.texts().filter_all}</option> }
                });
                view! {
                    <label class="filter">
                        <span>{label}</span>
                        <select name=key>
                            {any}
                            {options.into_iter().map(|(value, text)| {
                                let selected = chosen.as_deref() == Some(value.as_str());
                                view! { <option value=value selected=selected>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }
                .into_any()
            }
            FilterValues::Date => view! {
                <label class="filter">
                    <span>{label}</span>
                    <input type="date" name=key min="2000-01-01" value=chosen.unwrap_or_default().to_string()/>
                </label>
            }
            .into_any(),
            FilterValues::Flag => view! {
                <label class="checkbox">
                    <input type="checkbox" name=key value="true" checked=chosen == Some("true")/>
                    {label}
                </label>
            }
            .into_any(),
        }
    }
}

/// An active filter: what it says and the page without it.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterChip {
    pub text: String,
    pub remove_href: String,
}

/// `path?query` of `pairs`, or `path` alone.
fn href(path: &str, pairs: &[&(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query = serde_urlencoded::to_string(
        pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    format!("{path}?{query}")
}

/// The page's active filters among `pairs` (its URL's fields) as chips. Removing one keeps every
/// other field (the sort, the columns, the other filters) and goes back to the first page.
pub fn active_chips(
    path: &str,
    pairs: &[(String, String)],
    fields: &[FilterField],
    locale: Locale,
) -> Vec<FilterChip> {
    fields
        .iter()
        .filter_map(|field| {
            let (_, value) = pairs.iter().find(|(k, _)| k == field.key)?;
            let text = field.chip_text(value, locale)?;
            let kept: Vec<&(String, String)> = pairs
                .iter()
                .filter(|(k, _)| k != field.key && k != "page")
                .collect();
            Some(FilterChip {
                text,
                remove_href: href(path, &kept),
            })
        })
        .collect()
}

/// The value of `key` among `pairs`.
fn chosen<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The filters of a page behind one control (open on a desk, closed on a phone), the active ones
/// as chips beside it. The URL's other fields (a list's sort, columns, kind or status, the
/// dashboard's preview) ride along as hidden fields, so applying a filter keeps them; the page
/// number does not. `clear_href` is the page with no filter, for the clear button and the chips.
#[component]
pub fn FilterPanel(
    path: &'static str,
    fields: Vec<FilterField>,
    pairs: Vec<(String, String)>,
    #[prop(into)] clear_href: String,
    /// The form's own class, beside `filter-bar`.
    #[prop(optional)]
    class: &'static str,
    /// Apply a choice at once once the bundle has loaded (`crate::browser`).
    #[prop(optional)]
    apply_on_change: bool,
    locale: Locale,
) -> impl IntoView {
    let l = locale.layout();
    let t = locale.texts();
    let chips = active_chips(path, &pairs, &fields, locale);
    let count = chips.len();
    let controls = fields
        .iter()
        .map(|field| field.control(chosen(&pairs, field.key), locale))
        .collect_view();
    let kept = pairs
        .iter()
        .filter(|(key, _)| key != "page" && !fields.iter().any(|f| f.key == key))
        .map(|(name, value)| view! { <input type="hidden" name=name.clone() value=value.clone()/> })
        .collect_view();
    let chip_list = (!chips.is_empty()).then(|| {
        view! {
            <ul class="filter-chips" aria-label=l.active_filters>
                {chips.into_iter().map(|chip| {
                    let name = format!("{}{}{}", l.remove_filter, locale.colon(), chip.text);
                    view! {
                        <li><a class="chip filter-chip" href=chip.remove_href aria-label=name>
                            {chip.text}<span class="chip-x" aria-hidden="true">"×"</span>
                        </a></li>
                    }
                }).collect_view()}
                <li><a class="chip chip-clear" href=clear_href.clone()>{l.clear_all}</a></li>
            </ul>
        }
    });
    view! {
        <div class="filter-panel">
            <details class="filter-details" open=!crate::components::layout::request_is_phone()>
                <summary class="filter-toggle">{locale.filters_summary(count)}</summary>
                <form method="get" action=path class=format!("filter-bar {class}") data-apply-on-change=apply_on_change.then_some("true")>
                    {controls}
                    {kept}
                    <button type="submit" class="button">{t.filter_apply}</button>
                    <a class="button button-quiet" href=clear_href>{t.filter_clear}</a>
                </form>
            </details>
            {chip_list}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(query).unwrap()
    }

    fn fields() -> Vec<FilterField> {
        vec![
            FilterField::choice(
                "phase",
                "阶段",
                vec![
                    ("1".into(), "一年起势".into()),
                    ("2".into(), "两年搭架".into()),
                ],
            ),
            FilterField::date("as_of", "回看日期"),
            FilterField::flag("overdue", "只看逾期"),
        ]
    }

    #[test]
    fn a_chip_removes_its_filter_and_keeps_the_rest_but_the_page() {
        let chips = active_chips(
            "/milestones",
            &pairs("phase=2&sort=due&overdue=true&page=3&as_of=2025-12-31"),
            &fields(),
            Locale::Zh,
        );
        assert_eq!(
            chips,
            vec![
                FilterChip {
                    text: "阶段：两年搭架".into(),
                    remove_href: "/milestones?sort=due&overdue=true&as_of=2025-12-31".into(),
                },
                FilterChip {
                    text: "回看日期：2025年12月31日".into(),
                    remove_href: "/milestones?phase=2&sort=due&overdue=true".into(),
                },
                FilterChip {
                    text: "只看逾期".into(),
                    remove_href: "/milestones?phase=2&sort=due&as_of=2025-12-31".into(),
                },
            ]
        );
    }

    #[test]
    fn values_a_filter_does_not_offer_show_no_chip() {
        let chips = active_chips(
            "/",
            &pairs("phase=9&as_of=yesterday&overdue=false"),
            &fields(),
            Locale::En,
        );
        assert!(chips.is_empty());
        let only = active_chips("/", &pairs("phase=1"), &fields(), Locale::En);
        assert_eq!(only[0].text, "阶段: 一年起势");
        assert_eq!(only[0].remove_href, "/");
    }
}
