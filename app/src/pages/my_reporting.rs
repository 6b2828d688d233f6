//! 我的填报: a unit liaison's landing page: for each unit they report for, its newest round with
//! every item, last figures beside this round's entry, what is missing, and the state.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::rounds::get_my_reporting;
use crate::components::submission::{SubmissionActions, SubmissionPanel};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::use_locale;

#[component]
pub fn MyReportingPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.rounds();
    let query = use_query_map();
    let actions = SubmissionActions::new();
    let data = Resource::new(|| (), |_| get_my_reporting());
    view! {
        <Title text=tr.my_title/>
        <div class="page-head"><h1>{tr.my_title}</h1></div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let upload = query.with(|q| q.get("upload"));
                loaded(data.await, |mine| {
                    if mine.units.is_empty() {
                        return view! { <p class="empty">{tr.my_no_units}</p> }.into_any();
                    }
                    if mine.submissions.is_empty() {
                        return view! { <p class="empty">{tr.my_no_round}</p> }.into_any();
                    }
                    mine.submissions.into_iter().map(|s| {
                        view! { <SubmissionPanel view=s actions upload=upload.clone() locale/> }
                    }).collect_view().into_any()
                })
            })}
        </Transition>
    }
}
