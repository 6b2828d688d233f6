//! 计划基线: approve the plan under a name, and see the plan today against a baseline — slip by
//! pillar, the milestones that moved most, and what was added or removed since.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::baselines::{get_schedule_comparison, ApproveBaseline};
use crate::components::forms::{last_error, FormMessage, TextField};
use crate::components::layout::{page_filter, session_can, use_reference_data, use_session};
use crate::components::widgets::{loaded, Loading};
use crate::domain::access::Permission;
use crate::i18n::{use_locale, Locale};
use crate::model::{BaselineFilter, PlanChange, ReferenceData, ScheduleComparison, SlipBand};

#[component]
pub fn BaselinesPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.baselines();
    let filter = page_filter::<BaselineFilter>();
    let approve = ServerAction::<ApproveBaseline>::new();
    let error = last_error(approve);
    let comparison = Resource::new(
        move || (filter.baseline, approve.version().get()),
        |(baseline, _)| get_schedule_comparison(baseline),
    );
    let reference = use_reference_data();
    let session = use_session();
    view! {
        <Title text=t.title/>
        <div class="page-head"><h1>{t.title}</h1></div>
        <p class="muted">{t.hint}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let can_edit = session_can(session, Permission::EditContent).await;
                can_edit.then(|| view! {
                    <section class="panel">
                        <h2>{t.approve_heading}</h2>
                        <FormMessage error/>
                        <ActionForm action=approve attr:class="filter-bar approve-baseline">
                            <TextField label=t.name name="name" field="name" required=true error/>
                            <button type="submit" class="button" data-action="approve-baseline">{t.approve}</button>
                        </ActionForm>
                        <p class="muted">{t.approve_hint}</p>
                    </section>
                })
            })}
        </Suspense>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let reference = reference.await;
                loaded(comparison.await, move |c| {
                    let reference = reference.clone().unwrap_or_default();
                    view! { <Comparison comparison=c reference locale/> }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn Comparison(
    comparison: ScheduleComparison,
    reference: ReferenceData,
    locale: Locale,
) -> impl IntoView {
    let t = locale.baselines();
    let Some(chosen) = comparison.chosen.clone() else {
        return view! { <p class="empty">{t.none_yet}</p> }.into_any();
    };
    let choices = comparison
        .baselines
        .iter()
        .map(|b| {
            let selected = b.id == chosen.id;
            view! { <option value=b.id selected=selected>{b.name.clone()}</option> }
        })
        .collect_view();
    let pillar_name = |id: i64| {
        reference
            .pillars
            .iter()
            .find(|p| p.id == id)
            .map(|p| locale.pick(&p.name_zh, &p.name_en).to_string())
            .unwrap_or_default()
    };
    let mut pillars: Vec<i64> = comparison.bands.iter().map(|(p, _, _)| *p).collect();
    pillars.dedup();
    let count = |pillar: i64, band: SlipBand| {
        comparison
            .bands
            .iter()
            .find(|(p, b, _)| *p == pillar && *b == band)
            .map(|(_, _, n)| *n)
            .unwrap_or(0)
    };
    let rows = pillars.iter().map(|pillar| view! {
        <tr data-pillar=*pillar>
            <th scope="row">{pillar_name(*pillar)}</th>
            {SlipBand::ALL.iter().map(|band| view! { <td class="num" data-band=band.code()>{count(*pillar, *band)}</td> }).collect_view()}
        </tr>
    }).collect_view();
    let change_list = |heading: &'static str,
                       items: Vec<PlanChange>,
                       total: i64,
                       key: &'static str| {
        let shown = items.len() as i64;
        view! {
        <section class="panel" data-list=key>
            <h2>{heading}" "<span class="muted">{total}</span></h2>
            {items.is_empty().then(|| view! { <p class="empty">{locale.dash().none}</p> })}
            <ul class="plain-list">
                {items.into_iter().map(|c| {
                    let label = match &c.code { Some(code) => format!("{code} {}", c.title), None => c.title.clone() };
                    view! {
                        <li>
                            {match c.id {
                                Some(id) => view! { <a href=format!("/milestones/{id}")>{label}</a> }.into_any(),
                                None => view! { <span>{label}</span> }.into_any(),
                            }}
                            <span class="muted">" · "{locale.date(c.due)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(total > shown).then(|| view! { <p class="attention-more">{locale.showing_first(shown as usize, total as usize)}</p> })}
        </section>
        }
    };
    let moved_shown = comparison.moved.len();
    view! {
        <form method="get" action="/baselines" class="filter-bar" data-apply-on-change="true">
            <label class="filter"><span>{t.baseline}</span>
                <select name="baseline">{choices}</select>
            </label>
            <button type="submit" class="button">{locale.texts().filter_apply}</button>
        </form>
        <p class="muted baseline-meta">{format!("{} · {} · {}", locale.date(chosen.approved_on), chosen.approved_by, locale.count_items(chosen.milestones as usize))}</p>
        <section class="panel">
            <h2>{t.slip_by_pillar}</h2>
            <div class="table-scroll">
                <table class="data-table slip-table">
                    <thead><tr>
                        <th scope="col">{locale.texts().col_pillar}</th>
                        {SlipBand::ALL.iter().map(|band| view! { <th scope="col" class="num">{locale.slip_band(*band)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section class="panel section-gap" data-list="moved">
            <h2>{t.moved}" "<span class="muted">{comparison.moved_total}</span></h2>
            {comparison.moved.is_empty().then(|| view! { <p class="empty">{locale.dash().none}</p> })}
            <ul class="plain-list">
                {comparison.moved.into_iter().map(|m| {
                    let label = match &m.code { Some(code) => format!("{code} {}", m.title), None => m.title.clone() };
                    view! {
                        <li data-id=m.id>
                            <a href=format!("/milestones/{}", m.id)>{label}</a>
                            <span class="slip" data-days=m.days>" "{locale.slip_days(m.days)}</span>
                            <span class="muted">" · "{locale.date(m.baseline_due)}" → "{locale.date(m.due)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(comparison.moved_total > moved_shown as i64).then(|| view! {
                <p class="attention-more">{locale.showing_first(moved_shown, comparison.moved_total as usize)}</p>
            })}
        </section>
        <div class="two-col section-gap">
            {change_list(t.added, comparison.added, comparison.added_total, "added")}
            {change_list(t.removed, comparison.removed, comparison.removed_total, "removed")}
        </div>
    }.into_any()
}
