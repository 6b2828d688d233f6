//! 管理 › 用户: accounts and their roles. Admins open accounts, change roles, disable accounts
//! and reset passwords; nobody can demote or disable themselves. When duties are separated the
//! system administrator manages the accounts of people using the programme and the security
//! administrator those of administrators: each sees the others' accounts but cannot change them.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::edit::{AddUser, ResetPassword, UpdateUser};
use crate::api::get_admin_data;
use crate::components::forms::{last_error, FormMessage, SelectField, TextField};
use crate::components::layout::{use_session, AdminTabs};
use crate::components::widgets::{loaded, Loading};
use crate::domain::model::Role;
use crate::i18n::use_locale;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let locale = use_locale();
    let te = locale.edit();
    let add = ServerAction::<AddUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let data = Resource::new(|| (), |_| get_admin_data());
    let add_error = last_error(add);
    let update_error = last_error(update);
    let reset_error = last_error(reset);
    let session = use_session();
    // The roles `allowed` lets the signed-in administrator give, as choices.
    let roles = move |allowed: &dyn Fn(Role) -> bool| -> Vec<(String, String)> {
        Role::ALL
            .iter()
            .filter(|r| allowed(**r))
            .map(|r| (r.code().to_string(), locale.role(*r).to_string()))
            .collect()
    };
    let tr = locale.rounds();
    view! {
            <Title text=te.tab_users/>
            <div class="page-head"><h1>{te.admin}</h1></div>
            <AdminTabs current="/admin/users" locale/>
            <section class="panel section-gap">
                <h2>{te.users}</h2>
                <FormMessage error=update_error/>
                <FormMessage error=reset_error/>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        let me = session.await.ok().and_then(|s| s.user);
                        // The roles an account with `old` may be given by the signed-in administrator.
                    let roles_for = |old: Role| {
                        roles(&|new| me.as_ref().is_some_and(|me| me.can_change_role(old, new)))
                    };
                        loaded(data.await, |d| view! {
                            <table class="data-table user-table">
                                <thead><tr>
                                    <th scope="col">{te.username}</th>
                                    <th scope="col">{te.display_name}</th>
                                    <th scope="col">{te.role}</th>
                                    <th scope="col">{te.reset_password}</th>
                                </tr></thead>
                                <tbody>
                                    {d.users.into_iter().map(|u| if !me.as_ref().is_some_and(|me| me.can_manage(u.role)) {
                                        view! {
                                            <tr data-user=u.username.clone() class:row-disabled=u.disabled>
                                                <td>{u.username.clone()}</td>
                                                <td>{u.display_name.clone()}</td>
                                                <td class="managed-elsewhere">{locale.role(u.role)}" "<span class="muted">{te.managed_elsewhere}</span></td>
                                                <td></td>
                                            </tr>
                                        }.into_any()
                                    } else {
     let options = roles_for(u.role);
    view! {
                                        <tr data-user=u.username.clone() class:row-disabled=u.disabled>
                                            <td>{u.username.clone()}</td>
                                            <td>{u.display_name.clone()}</td>
                                            <td>
                                                <ActionForm action=update attr:class="inline-add">
                                                    <input type="hidden" name="id" value=u.id/>
                                                    <SelectField label=te.role name="role" field="role" options=options selected=u.role.code() required=true error=update_error/>
                                                    <TextField label=tr.liaison_units name="units" field="units" value=u.units.join("、") error=update_error/>
                                                    <label class="checkbox">
                                                        <input type="checkbox" name="disabled" value="yes" checked=u.disabled/>
                                                        {te.disabled}
                                                    </label>
                                                    <button type="submit" class="button button-quiet">{te.save}</button>
                                                </ActionForm>
                                            </td>
                                            <td>
                                                <ActionForm action=reset attr:class="inline-add">
                                                    <input type="hidden" name="id" value=u.id/>
                                                    <TextField label=te.new_password_for name="password" field="password" kind="password" error=reset_error/>
                                                    <button type="submit" class="button button-quiet">{te.reset_password}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }.into_any() }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any())
                    })}
                </Transition>
            </section>
            <section class="panel form-panel">
                <h2>{te.add_user}</h2>
                <FormMessage error=add_error/>
                <ActionForm action=add attr:class="stacked-form add-user-form">
                    <div class="field-row">
                        <TextField label=te.username name="form[username]" field="username" required=true error=add_error/>
                        <TextField label=te.display_name name="form[display_name]" field="display_name" error=add_error/>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let me = session.await.ok().and_then(|s| s.user);
                                view! { <SelectField label=te.role name="form[role]" field="role" options=roles(&|new| me.as_ref().is_some_and(|me| me.can_manage(new))) selected="viewer" required=true error=add_error/> }
                            })}
                        </Suspense>
                    </div>
                    <TextField label=tr.liaison_units name="form[units]" field="units" error=add_error/>
                    <p class="muted">{tr.liaison_units_hint}</p>
                    <TextField label=te.initial_password name="form[password]" field="password" kind="password" required=true error=add_error/>
                    <div><button type="submit" class="button">{te.add_user}</button></div>
                </ActionForm>
            </section>
        }
}
