//! 区域汇总: the counties reporting to this instance, side by side for a month — a heatmap of
//! counties × pillars against 序时进度, the ranking for the 通报, investment by funding source,
//! who has not reported — and each county's package as reported (read-only).

use chrono::Datelike;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::region::{
    get_region_county, get_region_page, AddRegionCounty, RemindRegion, SetRegionDueDay,
};
use crate::api::rounds::AddChannel;
use crate::components::forms::{
    channel_kind_options, last_error, FormMessage, SelectField, TextField,
};
use crate::components::layout::page_filter;
use crate::components::paging::pager;
use crate::components::widgets::{loaded, Loading};
use crate::domain::money::Wan;
use crate::i18n::region::RegionSay;
use crate::i18n::{use_locale, Locale};
use crate::model::{
    RegionCountyDetail, RegionCountyFilter, RegionFilter, RegionOverview, RegionPage as RegionData,
    RegionReported,
};

#[component]
pub fn RegionPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.region();
    let filter = page_filter::<RegionFilter>();
    let actions = RegionActions {
        register: ServerAction::new(),
        remind: ServerAction::new(),
        channel: ServerAction::new(),
        due_day: ServerAction::new(),
    };
    let data = Resource::new(
        move || actions.versions(),
        move |_| get_region_page(filter.clone(), locale),
    );
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <p class="muted">{t.intro}</p>
        <Notice locale/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |page| view! {
                    <RegionBody page=page.clone() remind=actions.remind locale/>
                    {page.can_register.then(|| view! {
                        <Registration overview=page.overview.clone() actions locale/>
                    })}
                }.into_any())
            })}
        </Transition>
    }
}

/// The page's forms: registering a county, 催报, a county's channel, the due day.
#[derive(Clone, Copy)]
struct RegionActions {
    register: ServerAction<AddRegionCounty>,
    remind: ServerAction<RemindRegion>,
    channel: ServerAction<AddChannel>,
    due_day: ServerAction<SetRegionDueDay>,
}

impl RegionActions {
    /// Moves when any of them is done, so the page reads its figures again.
    fn versions(&self) -> (usize, usize, usize, usize) {
        (
            self.register.version().get(),
            self.remind.version().get(),
            self.channel.version().get(),
            self.due_day.version().get(),
        )
    }
}

/// What the upload or the 催报 this page came back from did (read from the address, so it
/// follows the redirect a form's action makes).
#[component]
fn Notice(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| crate::model::query::parse::<RegionFilter>(&q.to_query_string()))
    });
    move || {
        let filter = filter.get();
        let (text, kind) = match (filter.notice, filter.reminded) {
            (Some(text), _) if filter.refused => (text, "refused"),
            (Some(text), _) => (text, "imported"),
            (None, Some(reached)) => {
                let say = RegionSay::Reminded {
                    reached: reached as usize,
                    unreachable: filter.unreachable.unwrap_or(0) as usize,
                };
                (locale.region_say(&say), "reminded")
            }
            (None, None) => return None,
        };
        let class = if kind == "refused" {
            "notice error"
        } else {
            "notice ok"
        };
        Some(view! { <p class=class role="status" data-notice=kind>{text}</p> })
    }
}

/// For admins: the registered counties, the form that registers one more, each county's
/// channels for 催报, and the day packages are due.
#[component]
fn Registration(overview: RegionOverview, actions: RegionActions, locale: Locale) -> impl IntoView {
    let t = locale.region();
    let tr = locale.rounds();
    let error = last_error(actions.register);
    let channel_error = last_error(actions.channel);
    let due_error = last_error(actions.due_day);
    let registered = overview.registered;
    let counties: Vec<(String, String)> = registered
        .iter()
        .map(|c| (c.code.clone(), locale.county_with_code(&c.name, &c.code)))
        .collect();
    view! {
        <section class="panel" data-panel="register">
            <h2>{t.register}</h2>
            <p class="muted">{t.register_hint}</p>
            <FormMessage error/>
            <ActionForm action=actions.register attr:class="inline-add register-form">
                <TextField label=t.county_name name="name" field="name" required=true error/>
                <TextField label=t.code name="code" field="code" required=true error/>
                <TextField label=t.key name="key" field="key" required=true error/>
                <button type="submit" class="button" data-action="register-county">{t.register_button}</button>
            </ActionForm>
            {(!registered.is_empty()).then(|| view! {
                <div class="table-scroll" role="region" tabindex="0" aria-label=t.register>
                    <table class="data-table registered-counties">
                        <thead><tr>
                            <th scope="col">{t.code}</th><th scope="col">{t.county}</th>
                            <th scope="col">{t.fingerprint}</th><th scope="col" class="num">{t.channels}</th>
                            <th scope="col">{t.push_token}</th>
                        </tr></thead>
                        <tbody>
                            {registered.into_iter().map(|c| {
                                let code = c.code.clone();
                                view! {
                                <tr data-county=c.code.clone()>
                                    <td>{c.code.clone()}</td><th scope="row">{c.name}</th>
                                    <td><code>{c.fingerprint}</code></td>
                                    <td class="num" data-field="channels">{c.channels}</td>
                                    <td>
                                        <form method="post" action="/region/token" class="inline-form">
                                            <input type="hidden" name="code" value=code/>
                                            <button type="submit" class="button button-quiet" data-action="issue-token">{t.issue_token}</button>
                                        </form>
                                    </td>
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="muted">{t.token_hint}</p>
            })}
        </section>
        {(!counties.is_empty()).then(|| view! {
            <section class="panel form-panel" data-panel="county-channels">
                <h2>{t.county_channels}</h2>
                <p class="muted">{t.county_channels_hint}</p>
                <FormMessage error=channel_error/>
                <ActionForm action=actions.channel attr:class="stacked-form">
                    <div class="field-row">
                        <SelectField label=t.county name="form[county]" field="county" options=counties required=true error=channel_error/>
                        <SelectField label=tr.channel_kind name="form[kind]" field="kind" options=channel_kind_options(locale) required=true error=channel_error/>
                    </div>
                    <TextField label=tr.channel_url name="form[url]" field="url" required=true error=channel_error/>
                    <TextField label=tr.channel_secret name="form[secret]" field="secret" error=channel_error/>
                    <div><button type="submit" class="button" data-action="add-county-channel">{t.add_channel}</button></div>
                </ActionForm>
            </section>
        })}
        <section class="panel form-panel" data-panel="due-day">
            <h2>{t.due_day}</h2>
            <p class="muted">{t.due_day_hint}</p>
            <FormMessage error=due_error/>
            <ActionForm action=actions.due_day attr:class="inline-add">
                <TextField label=t.due_day name="day" field="due_day" kind="number" value=overview.due.day().to_string() required=true error=due_error/>
                <button type="submit" class="button" data-action="save-due-day">{t.save}</button>
            </ActionForm>
        </section>
    }
}

fn money(amount: Wan) -> String {
    amount.to_string()
}

fn percent(value: f64) -> String {
    format!("{value:.1}%")
}

fn gap(actual: f64, expected: f64) -> String {
    format!("{:+.1}", actual - expected)
}

#[component]
fn RegionBody(
    page: RegionData,
    remind: ServerAction<RemindRegion>,
    locale: Locale,
) -> impl IntoView {
    let t = locale.region();
    let o = page.overview;
    let period = o.period;
    let month_options = {
        let mut months = page.periods.clone();
        if !months.contains(&period) {
            months.insert(0, period);
        }
        months
            .into_iter()
            .map(|m| {
                view! { <option value=m.code() selected=m == period>{locale.period(m)}</option> }
            })
            .collect_view()
    };
    let upload = page.can_import.then(|| {
        view! {
            <section class="panel region-upload">
                <h2>{t.upload}</h2>
                <p class="muted">{t.upload_hint}</p>
                <form method="post" action="/region/import" enctype="multipart/form-data" class="filter-bar">
                    <label class="filter"><span>{t.upload}</span><input type="file" name="file" accept=".zip,application/zip" required/></label>
                    <button type="submit" class="button" data-action="import-package">{t.upload_button}</button>
                </form>
            </section>
        }
    });
    if o.registered.is_empty() {
        return view! {
            {upload}
            <p class="empty">{t.no_counties}</p>
        }
        .into_any();
    }
    let reported = o.rows.len();
    let pillars = o.pillars.clone();
    let ranking = o
        .rows
        .iter()
        .map(|r| {
            let href = format!("/region/{}?period={}", r.code, period.code());
            view! {
                <tr data-county=r.code.clone() data-status=r.status.code()>
                    <td class="num">{r.rank}</td>
                    <th scope="row"><a href=href>{r.name.clone()}</a></th>
                    <td>{r.code.clone()}</td>
                    <td class="num" data-field="actual">{percent(r.actual)}</td>
                    <td class="num">{percent(r.expected)}</td>
                    <td class="num" data-field="gap">{gap(r.actual, r.expected)}</td>
                    <td class="num">{r.behind}</td>
                    <td class="num">{r.projects}</td>
                    <td class="num money" data-field="total">{money(r.amounts.total)}</td>
                    <td class="num money">{money(r.amounts.completed_this_year)}</td>
                    <td class="num">{r.sequence}</td>
                </tr>
            }
        })
        .collect_view();
    let funding = o
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.name.clone()}</th>
                    <td class="num money">{money(r.amounts.total)}</td>
                    {r.amounts.funds.iter().map(|f| view! { <td class="num money">{money(*f)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let heat_rows = o
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.name.clone()}</th>
                    {r.cells.iter().map(|c| match c {
                        Some(c) => view! { <td class="num" data-status=c.status.code()>{locale.progress_vs_expected(c.actual, c.expected)}</td> }.into_any(),
                        None => view! { <td class="num">"—"</td> }.into_any(),
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let missing = if o.missing.is_empty() {
        view! { <p class="muted">{t.not_reported_none}</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list region-missing">
                {o.missing.iter().map(|c| view! {
                    <li data-county=c.code.clone()>
                        <a href=format!("/region/{}?period={}", c.code, period.code())>{c.name.clone()}</a>
                        " "<span class="muted">{c.code.clone()}</span>
                        {(c.channels == 0).then(|| view! { " · "<span class="warn" data-field="no-channel">{t.no_channel}</span> })}
                        {c.last_reminded.map(|at| view! { " · "<span class="muted" data-field="reminded">{locale.county_reminded(c.reminders, at)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let remind_error = last_error(remind);
    let remind_form = (page.can_import && !o.missing.is_empty()).then(|| {
        view! {
            <FormMessage error=remind_error/>
            <ActionForm action=remind attr:class="inline-add">
                <input type="hidden" name="period" value=period.code()/>
                <button type="submit" class="button" data-action="remind-counties">{t.remind}</button>
            </ActionForm>
            <p class="muted">{t.remind_hint}</p>
        }
    });
    view! {
        <form method="get" action="/region" class="filter-bar">
            <label class="filter"><span>{t.period}</span><select name="period">{month_options}</select></label>
            <button type="submit" class="button secondary">{t.show}</button>
            <a class="button secondary" href=format!("/region/sheet?period={}", period.code()) rel="external" download="">{t.merged_sheet}</a>
        </form>
        <div class="kpis">
            <div class="kpi"><div class="kpi-label">{t.registered}</div><div class="kpi-value" data-kpi="registered">{o.registered.len()}</div></div>
            <div class="kpi"><div class="kpi-label">{t.reported}</div><div class="kpi-value" data-kpi="reported">{reported}</div></div>
            <div class="kpi"><div class="kpi-label">{t.not_reported}</div><div class="kpi-value" data-kpi="missing">{o.missing.len()}</div></div>
            <div class="kpi"><div class="kpi-label">{t.projects}</div><div class="kpi-value" data-kpi="projects">{o.projects}</div></div>
            <div class="kpi"><div class="kpi-label">{t.total_investment}</div><div class="kpi-value" data-kpi="investment">{money(o.total.total)}</div></div>
        </div>
        <section class="panel region-missing-panel" data-list="missing">
            <h2>{t.not_reported}" "<span class="muted">{o.missing.len()}</span></h2>
            <p class="muted" data-field="due">{t.due}" "{locale.date(o.due)}</p>
            {missing}
            {remind_form}
        </section>
        {(!page.heatmap.is_empty()).then(|| view! {
            <section class="panel chart" aria-labelledby="region-heatmap-title">
                <h2 id="region-heatmap-title">{t.heatmap}</h2>
                <div class="chart-svg" role="group" tabindex="0" aria-labelledby="region-heatmap-title"
                    aria-details="region-heatmap-data" inner_html=page.heatmap.clone()></div>
                <details class="chart-data">
                    <summary>{locale.dash().show_data}</summary>
                    <table class="data-table" id="region-heatmap-data">
                        <caption class="sr-only">{t.heatmap}</caption>
                        <thead><tr><th scope="col">{t.county}</th>{pillars.iter().map(|p| view! { <th scope="col">{p.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>{heat_rows}</tbody>
                    </table>
                </details>
            </section>
        })}
        <section class="panel" data-list="ranking">
            <h2>{t.ranking}</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-label=t.ranking>
                <table class="data-table region-ranking">
                    <thead><tr>
                        <th scope="col">{t.rank}</th><th scope="col">{t.county}</th><th scope="col">{t.code}</th>
                        <th scope="col">{t.progress}</th><th scope="col">{t.expected}</th><th scope="col">{t.gap}</th>
                        <th scope="col">{t.behind}</th><th scope="col">{t.projects}</th>
                        <th scope="col">{t.total_investment}</th><th scope="col">{t.completed_this_year}</th>
                        <th scope="col">{t.package_no}</th>
                    </tr></thead>
                    <tbody>{ranking}</tbody>
                </table>
            </div>
        </section>
        <section class="panel" data-list="funding">
            <h2>{t.investment_by_source}</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-label=t.investment_by_source>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t.county}</th><th scope="col">{t.total_investment}</th>
                        {t.funds.iter().map(|f| view! { <th scope="col">{*f}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{funding}</tbody>
                    <tfoot><tr>
                        <th scope="row">{t.region_total}</th>
                        <td class="num money" data-total="investment">{money(o.total.total)}</td>
                        {o.total.funds.iter().map(|f| view! { <td class="num money">{money(*f)}</td> }).collect_view()}
                    </tr></tfoot>
                </table>
            </div>
        </section>
        {upload}
    }
    .into_any()
}

#[component]
pub fn RegionCountyPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.region();
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code").unwrap_or_default());
    let filter = page_filter::<RegionCountyFilter>();
    let data = Resource::new(
        move || (),
        move |_| get_region_county(code.clone(), filter.clone()),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(data.await, move |detail| view! { <CountyBody detail locale/> }.into_any())
            })}
        </Transition>
        <p><a href="/region">{t.drill_back}</a></p>
    }
}

#[component]
fn CountyBody(detail: RegionCountyDetail, locale: Locale) -> impl IntoView {
    let t = locale.region();
    let title = locale.region_county_title(&detail.name, &detail.code, detail.period);
    let history = (!detail.history.is_empty()).then(|| {
        view! {
            <section class="panel" data-list="history">
                <h2>{t.history}</h2>
                <table class="data-table">
                    <thead><tr><th scope="col">{t.package_no}</th><th scope="col">{t.made_at}</th><th scope="col">{t.imported_by}</th><th scope="col"></th></tr></thead>
                    <tbody>
                        {detail.history.iter().map(|(n, at, by, current)| view! {
                            <tr><td class="num">{*n}</td><td>{at.clone()}</td><td>{by.clone()}</td>
                            <td>{if *current { t.current } else { t.superseded }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    });
    let body = match detail.reported {
        Some(reported) => {
            view! { <Reported reported code=detail.code.clone() period=detail.period locale/> }
                .into_any()
        }
        None => view! { <p class="empty" data-empty="no-package">{t.no_package}</p> }.into_any(),
    };
    view! {
        <Title text=title.clone()/>
        <div class="page-head"><h1>{title}</h1></div>
        {body}
        {history}
    }
}

#[component]
fn Reported(
    reported: RegionReported,
    code: String,
    period: crate::domain::period::Period,
    locale: Locale,
) -> impl IntoView {
    let t = locale.region();
    let source = if reported.locked {
        t.figures_locked
    } else {
        t.figures_live
    };
    let (actual, expected) = reported.overall;
    let by = |pillar_side: bool| {
        reported
            .rollups
            .iter()
            .filter(|(pillar, phase, ..)| {
                if pillar_side {
                    !pillar.is_empty() && phase.is_empty()
                } else {
                    pillar.is_empty() && !phase.is_empty()
                }
            })
            .map(|(pillar, phase, actual, expected, n)| {
                let name = if pillar_side { pillar } else { phase };
                view! {
                    <tr><th scope="row">{name.clone()}</th><td class="num">{percent(*actual)}</td>
                    <td class="num">{percent(*expected)}</td><td class="num">{*n}</td></tr>
                }
            })
            .collect_view()
    };
    let head = move || {
        view! { <thead><tr><th scope="col"></th><th scope="col">{t.progress}</th><th scope="col">{t.expected}</th><th scope="col">{locale.dash().count_unit}</th></tr></thead> }
    };
    let shown = reported.projects.len();
    let page = reported.page;
    let href = move |n: u32| format!("/region/{code}?period={}&page={n}", period.code());
    view! {
        <p class="muted">{t.as_reported}" "{locale.as_of(reported.as_of)}" · "{source}" · "{t.package_no}" "{reported.sequence}</p>
        <div class="kpis">
            <div class="kpi"><div class="kpi-label">{t.progress}</div><div class="kpi-value" data-kpi="actual">{percent(actual)}</div></div>
            <div class="kpi"><div class="kpi-label">{t.expected}</div><div class="kpi-value" data-kpi="expected">{percent(expected)}</div></div>
            <div class="kpi"><div class="kpi-label">{t.total_investment}</div><div class="kpi-value" data-kpi="investment">{money(reported.total.total)}</div></div>
            <div class="kpi"><div class="kpi-label">{t.completed_this_year}</div><div class="kpi-value">{money(reported.total.completed_this_year)}</div></div>
        </div>
        <div class="grid-2">
            <section class="panel"><h2>{t.by_pillar}</h2><table class="data-table">{head()}<tbody>{by(true)}</tbody></table></section>
            <section class="panel"><h2>{t.by_phase}</h2><table class="data-table">{head()}<tbody>{by(false)}</tbody></table></section>
        </div>
        <section class="panel" data-list="projects">
            <h2>{t.projects}" "<span class="muted">{page.total}</span></h2>
            <div class="table-scroll" role="region" tabindex="0" aria-label=t.projects>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{t.project_code}</th><th scope="col">{t.project_name}</th><th scope="col">{t.unit}</th>
                        <th scope="col">{t.pillar}</th><th scope="col">{t.total_investment}</th><th scope="col">{t.completed_this_year}</th>
                        <th scope="col">{t.visible_progress}</th><th scope="col">{t.problems}</th>
                    </tr></thead>
                    <tbody>
                        {reported.projects.into_iter().map(|p| view! {
                            <tr>
                                <td>{p.code}</td><th scope="row">{p.name}</th><td>{p.unit}</td><td>{p.pillar}</td>
                                <td class="num money">{money(p.total)}</td><td class="num money">{money(p.completed_this_year)}</td>
                                <td>{p.visible_progress}</td><td>{p.problems}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {pager(page, shown, href, locale)}
        </section>
        {(!reported.evidence.is_empty()).then(|| view! {
            <section class="panel" data-list="evidence">
                <h2>{t.evidence}" "<span class="muted">{reported.evidence.len()}</span></h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=t.evidence>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t.evidence_file}</th><th scope="col">{t.evidence_for}</th>
                            <th scope="col">{t.evidence_reported_on}</th><th scope="col" class="num">{t.evidence_size}</th>
                        </tr></thead>
                        <tbody>
                            {reported.evidence.into_iter().map(|e| {
                                let about = if e.about == "project" { t.evidence_project } else { t.evidence_milestone };
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/region/evidence/{}", e.id) rel="external" download="">{e.file_name}</a></th>
                                        <td>{about}" · "{e.subject}</td>
                                        <td>{locale.date(e.reported_on)}</td>
                                        <td class="num">{format!("{:.1} KB", e.size as f64 / 1024.0)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
}
