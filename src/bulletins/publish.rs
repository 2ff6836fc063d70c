//! `/staff/bulletins`: administrators publish notices, policies and warnings for their
//! region or one inside it, and see and withdraw what was published there.

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use yinong_model::bulletin::{BulletinKind, BulletinPage, NewBulletin};
use yinong_model::region::RegionCode;

use super::Headline;
use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::{loaded, Loading, Pager, RegionPicker, Sending};

#[component]
pub fn PublishBulletins() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        if !session.known.get() {
            return view! { <Loading/> }.into_any();
        }
        let Some(me) = session.me.get() else {
            return view! { <Redirect path="/staff/login"/> }.into_any();
        };
        if !me.role.publishes_bulletins() {
            return view! { <p class="note">{move || i18n.t().server_failed}</p> }.into_any();
        }
        let own = me.region_code();
        let page = RwSignal::new(0);
        let published = Answer::new(move || api::published_bulletins(page.get()));
        let changed = Callback::new(move |()| published.refetch());
        view! {
            <section class="publish-bulletins">
                <h1 class="section-title">{move || i18n.portal().publish_title}</h1>
                <p class="hint">{move || i18n.portal().publish_intro}</p>
                <PublishForm own changed/>
                <h2 class="subtitle">{move || i18n.portal().published_list}</h2>
                {loaded(published, move |shown: BulletinPage| {
                    let BulletinPage { bulletins, total, page: current, per_page } = shown;
                    view! {
                        <ul class="bulletin-list">
                            {bulletins.into_iter().map(|headline| {
                                let (id, withdrawn) = (headline.id, headline.withdrawn);
                                view! {
                                    <li class="published">
                                        <Headline headline/>
                                        {if withdrawn {
                                            view! { <span class="tag">{move || i18n.portal().withdrawn}</span> }.into_any()
                                        } else {
                                            view! { <WithdrawButton id changed/> }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <Pager page current total per_page/>
                    }
                })}
            </section>
        }
        .into_any()
    }
}

#[component]
fn WithdrawButton(id: i64, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let withdraw = move |_| {
        spawn_local(async move {
            match api::withdraw_bulletin(id).await {
                Ok(()) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    view! {
        <button type="button" class="button secondary" on:click=withdraw>{move || i18n.portal().withdraw_bulletin}</button>
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
    }
}

#[component]
fn PublishForm(own: Option<RegionCode>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(BulletinKind::Notice);
    // The deepest region picked below one's own; one's own region when none is.
    let target = RwSignal::new(own.clone());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let expires_on = RwSignal::new(String::new());
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let expires = expires_on.get_untracked();
        let bulletin = NewBulletin {
            kind: kind.get_untracked(),
            region_code: target.get_untracked(),
            title: title.get_untracked(),
            body: body.get_untracked(),
            expires_on: (!expires.is_empty()).then_some(expires),
        };
        sending.send(
            None,
            async move { api::publish_bulletin(&bulletin).await },
            move |_| {
                title.set(String::new());
                body.set(String::new());
                expires_on.set(String::new());
                changed.run(());
            },
        );
    };
    let below = own
        .as_ref()
        .is_none_or(|code| code.level().child().is_some());
    view! {
        <form class="form publish-form" on:submit=submit>
            <label>
                {move || i18n.portal().bulletin_kind}
                <select name="kind" on:change=move |e| {
                    if let Some(chosen) = BulletinKind::from_code(&event_target_value(&e)) {
                        kind.set(chosen);
                    }
                }>
                    {BulletinKind::ALL.into_iter().map(|option| view! {
                        <option value=option.code() selected=move || kind.get() == option>
                            {move || i18n.lang().pick(option.name_zh(), option.name_en()).to_owned()}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            {below.then(|| view! {
                <fieldset class="bulletin-target">
                    <legend>{move || i18n.portal().bulletin_region}</legend>
                    <p class="hint">{move || i18n.portal().bulletin_region_hint}</p>
                    <RegionPicker parent=own.clone() levels=Vec::new() chosen=RwSignal::new(None) narrowed=Some(target)/>
                </fieldset>
            })}
            <label>
                {move || i18n.portal().bulletin_title}
                <input type="text" name="title" maxlength="60"
                    prop:value=title on:input=move |e| title.set(event_target_value(&e))/>
            </label>
            <label>
                {move || i18n.portal().bulletin_body}
                <textarea name="body" rows="6" maxlength="5000"
                    prop:value=body on:input=move |e| body.set(event_target_value(&e))></textarea>
            </label>
            <label>
                {move || i18n.portal().bulletin_expires}
                <input type="date" name="expires_on"
                    prop:value=expires_on on:input=move |e| expires_on.set(event_target_value(&e))/>
            </label>
            {sending.message()}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().publish}</button>
        </form>
    }
}
