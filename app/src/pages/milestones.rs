//! 里程碑: every milestone with its status and reason, filtered by phase, pillar, unit and status.
//!
//! The filters live in the URL: a plain GET form and plain links.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::list_milestones;
use crate::api::planning::{get_saved_views, DeleteView, SaveView, SetDefaultView};
use crate::components::filters::{FilterField, FilterPanel};
use crate::components::forms::{
    id_options, last_error, named_options, phase_options, FormMessage, TextField,
};
use crate::components::imports::FormatChoice;
use crate::components::layout::{page_filter, session_can, use_reference_data, use_session};
use crate::components::paging::{list_heading, list_pager};
use crate::components::widgets::{loaded, ControlPanel, Loading, ProgressBar, StatusWithReason};
use crate::domain::access::Permission;
use crate::domain::status::Status;
use crate::i18n::{use_locale, Locale};
use crate::model::{
    query, view_query, ColumnSet, ListFilter, MilestoneColumn, MilestoneFilter, MilestoneList,
    MilestoneSort, ReferenceData, SavedViews,
};

#[component]
pub fn MilestonesPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let filter = page_filter::<MilestoneFilter>();
    let reference = use_reference_data();
    let list = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        list_milestones,
    );
    let session = use_session();
    let view_actions = ViewActions {
        save: ServerAction::<SaveView>::new(),
        set_default: ServerAction::<SetDefaultView>::new(),
        delete: ServerAction::<DeleteView>::new(),
    };
    let views = Resource::new(
        move || view_actions.versions(),
        |_| async move { get_saved_views().await.ok() },
    );
    let bulk_changed = crate::outcome::use_bulk_changed();
    let (bar_filter, table_filter, export_filter, views_filter) = (
        filter.clone(),
        filter.clone(),
        filter.clone(),
        filter.clone(),
    );

    view! {
        <Title text=t.nav_milestones/>
        <div class="page-head">
            <h1>{t.nav_milestones}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    view! {
                        {can_edit.then(|| view! { <a class="button new-milestone" href="/milestones/new">{locale.edit().new_milestone}</a> })}
                        <a class="button button-quiet" href="/baselines">{locale.baselines().nav}</a>
                    }
                })}
            </Suspense>
        </div>
        {move || bulk_changed.get().map(|n| view! { <p class="form-success bulk-done" role="status">{locale.bulk_changed(n)}</p> })}
        <Suspense fallback=|| ()>
            {move || {
                let filter = views_filter.clone();
                Suspend::new(async move {
                    views.await.map(|views| view! { <ViewsBar views filter actions=view_actions locale/> })
                })
            }}
        </Suspense>
        <Suspense fallback=Loading>
            {move || {
                let filter = bar_filter.clone();
                Suspend::new(async move {
                    loaded(reference.await, |r| view! { <FilterBar reference=r filter locale/> }.into_any())
                })
            }}
        </Suspense>
        <StatusLinks filter=filter.clone() locale/>
        <ColumnChooser filter locale/>
        <Transition fallback=Loading>
            {move || {
                let filter = table_filter.clone();
                Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    loaded(list.await, |l| view! { <MilestoneTable list=l filter can_edit locale/> }.into_any())
                })
            }}
        </Transition>
        <Suspense fallback=|| ()>
            {move || {
                let filter = export_filter.clone();
                Suspend::new(async move {
                    let can_edit = session_can(session, Permission::EditContent).await;
                    view! { <PlanExport filter locale can_edit/> }
                })
            }}
        </Suspense>
    }
}

/// The forms of saved views, made once with the page so their results outlive the list's reloads.
#[derive(Clone, Copy)]
struct ViewActions {
    save: ServerAction<SaveView>,
    set_default: ServerAction<SetDefaultView>,
    delete: ServerAction<DeleteView>,
}

impl ViewActions {
    fn versions(&self) -> (usize, usize, usize) {
        (
            self.save.version().get(),
            self.set_default.version().get(),
            self.delete.version().get(),
        )
    }
}

/// 我的视图: the person's saved views as links (the one showing now marked), and a panel to save
/// the list as it is and to manage the views. Signed-in people only (`views` is `None` else).
#[component]
fn ViewsBar(
    views: SavedViews,
    filter: MilestoneFilter,
    actions: ViewActions,
    locale: Locale,
) -> impl IntoView {
    let p = locale.planning();
    let here = view_query(&filter);
    let save_error = last_error(actions.save);
    let links = views
        .views
        .iter()
        .map(|v| {
            let current = v.query == here;
            view! {
                <a href=v.href() class="view-link" class:current=current aria-current=current.then_some("page")>
                    {v.name.clone()}
                    {v.is_default.then(|| view! { <span class="view-default">" ★"<span class="sr-only">{p.default_mark}</span></span> })}
                </a>
            }
        })
        .collect_view();
    let names = views
        .views
        .iter()
        .map(|v| view! { <option value=v.name.clone()></option> })
        .collect_view();
    let rows = views
        .views
        .iter()
        .map(|v| {
            let back = here.clone();
            let back2 = here.clone();
            let href = v.href();
            let (id, is_default) = (v.id, v.is_default);
            view! {
                <tr data-view=v.id>
                    <th scope="row">{v.name.clone()}{v.is_default.then(|| format!(" ★ {}", p.default_mark))}</th>
                    <td><a href=href.clone()>{p.view_link}</a>" "<input class="view-url" readonly value=href aria-label=p.view_link/></td>
                    <td>
                        <ActionForm action=actions.set_default attr:class="inline-form">
                            {(!is_default).then(|| view! { <input type="hidden" name="id" value=id/> })}
                            <input type="hidden" name="back" value=back/>
                            <button type="submit" class="link-button">{if is_default { p.clear_default } else { p.set_default }}</button>
                        </ActionForm>
                    </td>
                    <td>
                        <ActionForm action=actions.delete attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="back" value=back2/>
                            <button type="submit" class="link-button danger">{p.delete_view}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_views = !views.views.is_empty();
    view! {
        <section class="views-bar" aria-label=p.views>
            <span class="views-label">{p.views}{locale.colon()}</span>
            {if has_views { links.into_any() } else { view! { <span class="muted">{p.no_views}</span> }.into_any() }}
            <details class="views-manage">
                <summary>{p.manage_views}</summary>
                <FormMessage error=save_error/>
                <ActionForm action=actions.save attr:class="filter-bar save-view">
                    <input type="hidden" name="form[query]" value=here.clone()/>
                    <datalist id="view-names">{names}</datalist>
                    <TextField label=p.view_name name="form[name]" field="name" required=true list="view-names" error=save_error/>
                    <label class="checkbox"><input type="checkbox" name="form[make_default]" value="on"/>" "{p.make_default}</label>
                    <button type="submit" class="button" data-action="save-view">{p.save_view}</button>
                </ActionForm>
                <p class="muted">{p.save_view_hint}</p>
                {has_views.then(|| view! {
                    <table class="data-table views-table"><tbody>{rows}</tbody></table>
                })}
            </details>
        </section>
    }
}

/// 显示列: each optional column as a link that shows or hides it, keeping everything else.
#[component]
fn ColumnChooser(filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let p = locale.planning();
    let shown = filter.cols.unwrap_or_default();
    let links = MilestoneColumn::ALL
        .into_iter()
        .map(|column| {
            let on = shown.shows(column);
            let href = MilestoneFilter {
                cols: Some(shown.toggled(column)).filter(|c| *c != ColumnSet::DEFAULT),
                page: None,
                ..filter.clone()
            }
            .href();
            view! {
                <a href=href class="column-toggle" class:on=on data-column=column.code()>
                    {if on { "☑ " } else { "☐ " }}{locale.milestone_column(column)}
                </a>
            }
        })
        .collect_view();
    view! {
        <details class="column-chooser">
            <summary>{p.columns}</summary>
            <nav class="column-links" aria-label=p.columns>{links}</nav>
        </details>
    }
}

/// The plan as a file, with the list's filters (its page aside); planners also get the import.
#[component]
fn PlanExport(filter: MilestoneFilter, locale: Locale, can_edit: bool) -> impl IntoView {
    let tr = locale.reporting();
    let mut all = filter;
    all.page = None;
    let hidden = crate::model::query::to_pairs(&all)
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <ControlPanel heading=tr.plan_export_heading class="export-panel">
            <form method="get" action="/milestones/export" class="filter-bar" data-testid="plan-export-form">
                {hidden}
                <FormatChoice locale/>
                <button type="submit" class="button">{tr.download}</button>
            </form>
            <p class="muted">{tr.plan_export_hint}</p>
            {can_edit.then(|| view! {
                <p class="panel-links"><a href="/milestones/import">{tr.plan_import_link}</a></p>
            })}
        </ControlPanel>
    }
}

/// Phase, pillar, domain and unit: a plain GET form, folded behind 筛选 on a phone. Once the
/// bundle has loaded, choosing a value submits it at once (`data-apply-on-change`, see
/// `crate::browser`); before, the button does.
#[component]
fn FilterBar(reference: ReferenceData, filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let fields = vec![
        FilterField::choice(
            "phase",
            t.col_phase,
            phase_options(&reference.phases, locale),
        ),
        FilterField::choice(
            "pillar",
            t.col_pillar,
            named_options(&reference.pillars, locale),
        ),
        FilterField::choice(
            "domain",
            t.col_domain,
            named_options(&reference.domains, locale),
        ),
        FilterField::choice("unit", t.col_unit, id_options(reference.unit_names())),
    ];
    let pairs = query::to_pairs(&filter);
    // Clearing keeps the columns and the order, which are how the person reads the list.
    let clear_href = MilestoneFilter {
        cols: filter.cols,
        sort: filter.sort,
        desc: filter.desc,
        ..MilestoneFilter::default()
    }
    .href();
    view! {
        <FilterPanel path=MilestoneFilter::PATH fields pairs clear_href apply_on_change=true locale/>
    }
}

/// Status filters as plain links, keeping the other filters.
#[component]
fn StatusLinks(filter: MilestoneFilter, locale: Locale) -> impl IntoView {
    let t = locale.texts();
    let link = |status: Option<Status>, label: &'static str| {
        let href = MilestoneFilter {
            status,
            page: None,
            ..filter.clone()
        }
        .href();
        let code = status.map(|s| s.code()).unwrap_or("all");
        let current = if filter.status == status {
            " current"
        } else {
            ""
        };
        let class = format!("status-link status-{code}{current}");
        view! { <a href=href class=class>{label}</a> }
    };
    view! {
        <nav class="status-links" aria-label=t.col_status>
            {link(None, t.filter_all)}
            {Status::ALL.into_iter().map(|s| link(Some(s), locale.status(s))).collect_view()}
        </nav>
    }
}

#[component]
fn MilestoneTable(
    list: MilestoneList,
    filter: MilestoneFilter,
    can_edit: bool,
    locale: Locale,
) -> impl IntoView {
    let t = locale.texts();
    let p = locale.planning();
    if list.rows.is_empty() {
        return view! { <p class="empty">{t.no_matches}</p> }.into_any();
    }
    let cols = filter.cols.unwrap_or_default();
    let show = move |column| cols.shows(column);
    let heading = |column: MilestoneColumn, key| {
        show(column).then(|| list_heading(locale.milestone_column(column), key, &filter, locale))
    };
    let shown = list.rows.len();
    let warnings = list.warnings;
    let slips = list.slips;
    let te = locale.edit();
    let back = query::to_query(&filter);
    view! {
        <p class="result-count" data-count=list.page.total>{locale.count_items(list.page.total as usize)}" · "{locale.as_of(list.today)}</p>
        <div class="table-scroll">
            <table class="data-table milestone-table">
                <thead>
                    <tr>
                        {can_edit.then(|| view! { <th scope="col" class="select-col"><span class="sr-only">{p.select_row}</span></th> })}
                        {list_heading(t.col_milestone, MilestoneSort::Title, &filter, locale)}
                        {heading(MilestoneColumn::Phase, MilestoneSort::Phase)}
                        {heading(MilestoneColumn::Pillar, MilestoneSort::Pillar)}
                        {heading(MilestoneColumn::Unit, MilestoneSort::Unit)}
                        {heading(MilestoneColumn::Dates, MilestoneSort::Due)}
                        {heading(MilestoneColumn::Weight, MilestoneSort::Weight)}
                        {heading(MilestoneColumn::Progress, MilestoneSort::Progress)}
                        {heading(MilestoneColumn::Status, MilestoneSort::Status)}
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|m| {
                        let status = m.assessment.status;
                        // Dependency warnings as a mark whose text says why (also to screen readers).
                        let warned = warnings.iter().find(|(id, _)| *id == m.id).map(|(_, w)| {
                            let why: Vec<String> = w.iter().map(|w| locale.dependency_warning(w)).collect();
                            let why = format!("{}{}{}", te.dependency_warnings, locale.colon(), why.join(locale.pick("；", "; ")));
                            view! { <span class="dependency-mark" title=why.clone() role="img" aria-label=why>"⚠"</span> }
                        });
                        let slip = slips.iter().find(|(id, s)| *id == m.id && s.days != 0).map(|(_, s)| view! {
                            <span class="slip muted" data-days=s.days title=s.baseline.clone()>
                                <br/>{locale.baselines().against}" "{locale.slip_days(s.days)}
                            </span>
                        });
                        let select_label = format!("{} {}", p.select_row, m.title);
                        view! {
                            <tr class=format!("row-{}", status.code()) data-id=m.id>
                                {can_edit.then(|| view! {
                                    <td class="select-col">
                                        <input type="checkbox" name="id" value=m.id form="bulk-select" aria-label=select_label/>
                                    </td>
                                })}
                                <td class="title">
                                    {m.code.filter(|_| show(MilestoneColumn::Code)).map(|code| view! { <span class="milestone-code">{code}</span>" " })}
                                    <a href=format!("/milestones/{}", m.id)>{m.title}</a>
                                    {warned}
                                </td>
                                {show(MilestoneColumn::Phase).then(|| view! { <td>{locale.pick(&m.phase.name_zh, &m.phase.name_en).to_string()}</td> })}
                                {show(MilestoneColumn::Pillar).then(|| view! { <td>{locale.pick(&m.pillar.name_zh, &m.pillar.name_en).to_string()}</td> })}
                                {show(MilestoneColumn::Unit).then(|| view! { <td>{m.unit_name}</td> })}
                                {show(MilestoneColumn::Dates).then(|| view! {
                                    <td class="dates">{locale.date(m.start_date)}" – "{locale.date(m.due_date)}{slip}</td>
                                })}
                                {show(MilestoneColumn::Weight).then(|| view! { <td class="num weight">{m.weight}</td> })}
                                {show(MilestoneColumn::Progress).then(|| view! {
                                    <td class="progress-cell">
                                        <ProgressBar percent=m.percent as f64 expected=m.assessment.expected status/>
                                        <span class="progress-text">{format!("{}%", m.percent)}</span>
                                    </td>
                                })}
                                {show(MilestoneColumn::Status).then(|| view! { <td><StatusWithReason assessment=m.assessment/></td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        // The rows' checkboxes belong to this form (`form="bulk-select"`): a plain GET to the
        // bulk edit's page with `id=…` for each ticked row.
        {can_edit.then(|| view! {
            <form id="bulk-select" method="get" action="/milestones/bulk" class="bulk-select">
                <input type="hidden" name="back" value=back/>
                <button type="submit" class="button button-quiet" data-action="bulk-select">{p.bulk_selected}</button>
            </form>
        })}
        {list_pager(list.page, shown, &filter, locale)}
    }
    .into_any()
}
