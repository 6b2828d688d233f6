//! 管理 › 通知渠道: each unit's group robots (钉钉 / 政务钉钉, 企业微信, 飞书) and e-mail recipients, a
//! test button that shows the robot's or mail server's own answer, and the messages that have not
//! gone through (retrying or given up).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::rounds::{get_channels, AddChannel, DeleteChannel, TestChannel};
use crate::components::forms::{
    channel_kind_options, id_options, last_error, FormMessage, SelectField, TextField,
};
use crate::components::layout::AdminTabs;
use crate::components::widgets::{loaded, Loading};
use crate::domain::model::ChannelKind;
use crate::i18n::{use_locale, Locale};
use crate::model::{ChannelView, ChannelsPage};

#[component]
pub fn AdminChannelsPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let tr = locale.rounds();
    let add = ServerAction::<AddChannel>::new();
    let delete = ServerAction::<DeleteChannel>::new();
    let data = Resource::new(|| (), |_| get_channels());
    view! {
        <Title text=tr.channels_title/>
        <div class="page-head"><h1>{te.admin}</h1></div>
        <AdminTabs current="/admin/channels" locale/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                loaded(data.await, |page| view! { <ChannelsView page add delete locale/> }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn ChannelsView(
    page: ChannelsPage,
    add: ServerAction<AddChannel>,
    delete: ServerAction<DeleteChannel>,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.rounds();
    let add_error = last_error(add);
    let delete_error = last_error(delete);
    let kinds = channel_kind_options(locale);
    let (delivered, waiting, failed) = page.queue;
    view! {
        <section class="panel section-gap">
            <h2>{tr.channels_title}</h2>
            <p class="muted">{tr.channels_hint}</p>
            <FormMessage error=delete_error/>
            {if page.channels.is_empty() {
                view! { <p class="empty">{tr.no_channels}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table channel-table">
                        <thead><tr>
                            <th scope="col">{tr.col_owner}</th><th scope="col">{tr.channel_kind}</th>
                            <th scope="col">{tr.channel_url}</th><th scope="col">{tr.channel_signed}</th>
                            <th scope="col">{tr.col_actions}</th>
                        </tr></thead>
                        <tbody>
                            {page.channels.into_iter().map(|c| view! { <ChannelRow channel=c delete locale/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="panel form-panel">
            <h2>{tr.add_channel}</h2>
            <p class="muted mail-server">
                {match page.mail_server {
                    Some(server) => format!("{} {server}", tr.mail_server),
                    None => tr.mail_server_none.to_string(),
                }}
            </p>
            <FormMessage error=add_error/>
            <ActionForm action=add attr:class="stacked-form add-channel-form">
                <div class="field-row">
                    <SelectField label=tr.col_unit name="form[unit]" field="unit" options=id_options(page.units.clone()) required=true error=add_error/>
                    <SelectField label=tr.channel_kind name="form[kind]" field="kind" options=kinds required=true error=add_error/>
                </div>
                <TextField label=tr.channel_url name="form[url]" field="url" required=true error=add_error/>
                <TextField label=tr.channel_secret name="form[secret]" field="secret" error=add_error/>
                <div><button type="submit" class="button">{tr.add_channel}</button></div>
            </ActionForm>
        </section>
        <section class="panel section-gap">
            <h2>{tr.deliveries_title}</h2>
            <p class="muted" data-queue=format!("{delivered}/{waiting}/{failed}")>
                {locale.delivery_counts(delivered, waiting, failed)}
                {page.last_daily_run.map(|at| format!(" · {} {}", tr.last_daily_run, locale.datetime(at)))}
            </p>
            {if page.problems.is_empty() {
                view! { <p class="empty">{tr.no_delivery_problems}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table delivery-table">
                        <thead><tr>
                            <th scope="col">{tr.col_owner}</th><th scope="col">{tr.channel_kind}</th>
                            <th scope="col">{tr.delivery_created}</th><th scope="col" class="num">{tr.delivery_attempts}</th>
                            <th scope="col">{tr.delivery_state}</th><th scope="col">{tr.delivery_error}</th>
                        </tr></thead>
                        <tbody>
                            {page.problems.into_iter().map(|d| view! {
                                <tr data-delivery=d.id>
                                    <td>{owner(locale, &d.owner_name, d.county_code.as_deref())}</td>
                                    <td>{locale.channel_kind(d.kind)}</td>
                                    <td>{locale.datetime(d.created_at)}</td>
                                    <td class="num">{d.attempts}</td>
                                    <td>{if d.failed { tr.delivery_given_up.to_string() } else { format!("{} {}", tr.delivery_retry_at, locale.datetime(d.next_attempt_at)) }}</td>
                                    <td class="muted">{d.last_error.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// A channel's owner: the unit, or the county with its code.
fn owner(locale: Locale, name: &str, county_code: Option<&str>) -> String {
    match county_code {
        Some(code) => locale.county_with_code(name, code),
        None => name.to_string(),
    }
}

#[component]
fn ChannelRow(
    channel: ChannelView,
    delete: ServerAction<DeleteChannel>,
    locale: Locale,
) -> impl IntoView {
    let tr = locale.rounds();
    let test = ServerAction::<TestChannel>::new();
    let test_error = last_error(test);
    let id = channel.id;
    let tested = crate::outcome::use_channel_answer();
    let answer = move || {
        tested
            .get()
            .and_then(|(tested, answer)| (tested == id).then_some(answer))
    };
    view! {
        <tr data-channel=id>
            <td>{owner(locale, &channel.owner_name, channel.county_code.as_deref())}</td>
            <td>{locale.channel_kind(channel.kind)}</td>
            <td class="code">{channel.url.clone()}</td>
            <td>{match (channel.kind, channel.signed) {
                (ChannelKind::Email, _) => "—",
                (_, true) => tr.yes,
                (_, false) => tr.no,
            }}</td>
            <td>
                <ActionForm action=test attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button-quiet" data-action="test-channel">{tr.test_channel}</button>
                </ActionForm>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="link-button">{tr.remove_unit_channel}</button>
                </ActionForm>
                {move || answer().map(|a| view! { <p class="form-success channel-answer" role="status">{tr.robot_answered}" "{a}</p> })}
                <FormMessage error=test_error/>
            </td>
        </tr>
    }
}
