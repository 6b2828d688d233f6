//! 工作总结: choose a period, write the narrative before or after each section, generate the
//! report (DOCX in 公文 format, and PDF where LibreOffice is installed) and the unit 通报, and
//! download any file made before, as it was made.

use chrono::{Datelike, NaiveDate};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::work_report::{get_report, GenerateReport, SaveReportNarrative};
use crate::components::forms::{last_error, FormMessage};
use crate::components::widgets::{loaded, Loading};
use crate::domain::report_doc::ReportPeriod;
use crate::i18n::{use_locale, Locale};
use crate::model::query::parse;
use crate::model::{ReportDocumentView, ReportPage, ReportQuery, ReportSectionView};

#[component]
pub fn WorkReportPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.report();
    let query = use_query_map();
    let report_query =
        Memo::new(move |_| query.with(|q| parse::<ReportQuery>(&q.to_query_string())));
    let save = ServerAction::<SaveReportNarrative>::new();
    let generate = ServerAction::<GenerateReport>::new();
    let data = Resource::new(
        move || report_query.get(),
        move |query| get_report(query, locale),
    );
    view! {
        <Title text=t.page_title/>
        <div class="page-head"><h1>{t.page_title}</h1></div>
        <p class="muted">{t.page_hint}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(data.await, |page| view! { <Report page save generate locale/> }.into_any())
            })}
        </Transition>
    }
}

/// Links to the usual periods of the year `year`.
fn period_links(year: i32, locale: Locale) -> Vec<(String, &'static str)> {
    let t = locale.report();
    [
        (ReportPeriod::first_half(year), t.first_half),
        (ReportPeriod::first_three_quarters(year), t.three_quarters),
        (ReportPeriod::whole_year(year), t.whole_year),
    ]
    .into_iter()
    .filter_map(|(period, label)| {
        period.map(|p| (format!("/report?from={}&to={}", p.from, p.to), label))
    })
    .collect()
}

#[component]
fn Report(
    page: ReportPage,
    save: ServerAction<SaveReportNarrative>,
    generate: ServerAction<GenerateReport>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.report();
    let period = ReportPeriod {
        from: page.from,
        to: page.to,
    };
    let year = page.from.year();
    let generate_error = last_error(generate);
    let save_error = last_error(save);
    let (from, to) = (page.from, page.to);
    view! {
        <section class="panel">
            <p class="period-links">
                <strong>{t.period_label}</strong>" "
                {period_links(year, locale).into_iter().map(|(href, label)| view! {
                    <a href=href class="chip">{year}" "{label}</a>" "
                }).collect_view()}
            </p>
            <form method="get" action="/report" class="filter-form">
                <label class="field">
                    <span class="field-label">{t.from}</span>
                    <input type="date" name="from" value=from.to_string() required/>
                </label>
                <label class="field">
                    <span class="field-label">{t.to}</span>
                    <input type="date" name="to" value=to.to_string() required/>
                </label>
                <button type="submit" class="button button-quiet">{t.show}</button>
            </form>
            <h2 class="report-period" data-from=from.to_string() data-to=to.to_string()>
                {locale.period_name(period)}
            </h2>
            {page.can_edit.then(|| view! {
                <FormMessage error=generate_error/>
                <div class="generate-row">
                    <GenerateForm generate from to kind="summary" label=t.generate pdf=page.pdf_available locale/>
                    <GenerateForm generate from to kind="ranking" label=t.generate_ranking pdf=page.pdf_available locale/>
                </div>
                {(!page.pdf_available).then(|| view! { <p class="muted no-pdf">{t.no_pdf}</p> })}
            })}
        </section>
        <section class="panel section-gap">
            <h2>{t.history}</h2>
            <History rows=page.history locale/>
        </section>
        <section class="panel section-gap report-outline">
            <h2>{t.outline}</h2>
            <FormMessage error=save_error/>
            {page.sections.into_iter().map(|section| view! {
                <Section section can_edit=page.can_edit from to save locale/>
            }).collect_view()}
        </section>
    }
}

#[component]
fn GenerateForm(
    generate: ServerAction<GenerateReport>,
    from: NaiveDate,
    to: NaiveDate,
    kind: &'static str,
    label: &'static str,
    pdf: bool,
    locale: Locale,
) -> impl IntoView {
    let t = locale.report();
    view! {
        <ActionForm action=generate attr:class="inline-form generate-form">
            <input type="hidden" name="query[from]" value=from.to_string()/>
            <input type="hidden" name="query[to]" value=to.to_string()/>
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="lang" value=locale.tag()/>
            {pdf.then(|| view! {
                <label class="checkbox-field">
                    <input type="checkbox" name="pdf" value="yes" checked/>
                    <span>{t.with_pdf}</span>
                </label>
            })}
            <button type="submit" class="button" data-action=format!("generate-{kind}")
                disabled=move || generate.pending().get()>{label}</button>
        </ActionForm>
    }
}

#[component]
fn History(rows: Vec<ReportDocumentView>, locale: Locale) -> impl IntoView {
    let t = locale.report();
    if rows.is_empty() {
        return view! { <p class="empty">{t.no_history}</p> }.into_any();
    }
    view! {
        <table class="data-table report-history">
            <thead><tr>
                <th scope="col">{t.col_generated}</th><th scope="col">{t.col_kind}</th>
                <th scope="col">{t.col_period}</th><th scope="col" class="num">{t.col_version}</th>
                <th scope="col">{t.col_files}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|doc| {
                    let kind = if doc.kind == "ranking" { t.kind_ranking } else { t.kind_summary };
                    let when = chrono::DateTime::from_timestamp(doc.generated_at, 0)
                        .map(|at| (at + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default();
                    view! {
                        <tr data-document=doc.id>
                            <td>{when}" · "{doc.generated_by.clone()}</td>
                            <td>{kind}</td>
                            <td>{locale.date(doc.from)}" – "{locale.date(doc.to)}</td>
                            <td class="num">{doc.data_version}</td>
                            <td>
                                <a href=format!("/reports/{}.docx", doc.id) download data-download="docx">"DOCX"</a>
                                {doc.has_pdf.then(|| view! {
                                    " · "<a href=format!("/reports/{}.pdf", doc.id) download data-download="pdf">"PDF"</a>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Section(
    section: ReportSectionView,
    can_edit: bool,
    from: NaiveDate,
    to: NaiveDate,
    save: ServerAction<SaveReportNarrative>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.report();
    let level = if section.level == 1 {
        "outline-h1"
    } else {
        "outline-h2"
    };
    let code = section.code.clone();
    let form = |position: &'static str, label: &'static str, text: String| {
        let code = code.clone();
        view! {
            <ActionForm action=save attr:class="narrative-form" attr:data-saved=t.saved>
                <input type="hidden" name="query[from]" value=from.to_string()/>
                <input type="hidden" name="query[to]" value=to.to_string()/>
                <input type="hidden" name="section" value=code.clone()/>
                <input type="hidden" name="position" value=position/>
                <label class="field">
                    <span class="field-label">{label}</span>
                    <textarea name="body" rows="2" data-section=code.clone() data-position=position>{text}</textarea>
                </label>
                <button type="submit" class="button button-quiet" data-action="save-narrative">{t.save_narrative}</button>
            </ActionForm>
        }
    };
    view! {
        <div class=format!("outline-section {level}") data-section=section.code.clone()>
            <h3>{section.heading.clone()}</h3>
            {if can_edit {
                view! {
                    {form("before", t.narrative_before, section.before.clone())}
                    {form("after", t.narrative_after, section.after.clone())}
                }.into_any()
            } else {
                view! {
                    {(!section.before.is_empty()).then(|| view! { <p class="narrative">{section.before.clone()}</p> })}
                    {(!section.after.is_empty()).then(|| view! { <p class="narrative">{section.after.clone()}</p> })}
                }.into_any()
            }}
        </div>
    }
}
