//! 通知: a person's notifications (round opened, 催报, submitted, returned, accepted), newest
//! first, each linking to what it is about.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::rounds::{get_notifications, MarkNotificationsRead};
use crate::components::widgets::{loaded, Loading};
use crate::i18n::use_locale;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let tr = locale.rounds();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(|| (), |_| get_notifications());
    view! {
        <Title text=tr.notifications_title/>
        <div class="page-head">
            <h1>{tr.notifications_title}</h1>
            <ActionForm action=mark attr:class="inline-form">
                <button type="submit" class="button button-quiet">{tr.mark_read}</button>
            </ActionForm>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(list.await, |items| {
                    if items.is_empty() {
                        return view! { <p class="empty">{tr.no_notifications}</p> }.into_any();
                    }
                    view! {
                        <ul class="notification-list panel">
                            {items.into_iter().map(|n| {
                                let href = match (n.round_id, n.unit_id, n.milestone_id) {
                                    (Some(r), Some(u), _) => format!("/rounds/{r}/units/{u}"),
                                    (Some(r), None, _) => format!("/rounds/{r}"),
                                    (None, _, Some(m)) => format!("/milestones/{m}"),
                                    _ => "/my-reporting".to_string(),
                                };
                                let class = if n.read { "notification" } else { "notification unread" };
                                view! {
                                    <li class=class data-kind=n.kind.code()>
                                        {(!n.read).then(|| view! { <span class="unread-dot">{tr.unread}</span> })}
                                        <a href=href>{locale.notification(&n)}</a>
                                        <span class="muted">" "{locale.datetime(n.at)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Transition>
    }
}
