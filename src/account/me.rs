use leptos::prelude::*;
use leptos::task::spawn_local;

use yinong_model::account::Role;

use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::Link;

/// 我的: who I am, my role and region, signing out, and account management for managers.
#[component]
pub fn MyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_out = move |_| {
        spawn_local(async move {
            if api::log_out().await.is_ok() {
                session.me.set(None);
            }
        });
    };
    move || {
        match session.me.get() {
        None => view! {
            <section class="me">
                <h1 class="section-title">{move || i18n.t().tab_me}</h1>
                <p class="note">{move || i18n.t().not_signed_in}</p>
                <Link href="/login" class="button">{move || i18n.t().sign_in_farmer}</Link>
                <Link href="/staff/login" class="more-link">{move || i18n.t().staff_sign_in_link}</Link>
            </section>
        }
        .into_any(),
        Some(me) => {
            let region = if me.region_path.is_empty() {
                i18n.t().nation.to_owned()
            } else {
                me.region_path.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" › ")
            };
            let role = me.role;
            let manages = !me.can_manage.is_empty();
            view! {
                <section class="me">
                    <h1 class="section-title">{move || i18n.t().tab_me}</h1>
                    <dl class="facts">
                        <dt>{move || i18n.t().name}</dt><dd class="me-name">{me.name.clone()}</dd>
                        <dt>{move || i18n.t().role}</dt>
                        <dd class="me-role">{move || i18n.lang().pick(role.name_zh(), role.name_en()).to_owned()}</dd>
                        <dt>{move || i18n.t().region}</dt><dd class="me-region">{region}</dd>
                        <dt>{move || i18n.t().phone}</dt><dd>{me.phone_masked.clone()}</dd>
                    </dl>
                    {(role == Role::Farmer).then(|| view! { <Link href="/requests" class="button">{move || i18n.t().ask_station}</Link> })}
                    {manages.then(|| view! { <Link href="/staff/users" class="button">{move || i18n.t().manage_accounts}</Link> })}
                    {role.imports_registers().then(|| view! { <Link href="/staff/import" class="button">{move || i18n.t().import_registers}</Link> })}
                    <button class="button secondary" on:click=sign_out>{move || i18n.t().sign_out}</button>
                </section>
            }
            .into_any()
        }
    }
    }
}
