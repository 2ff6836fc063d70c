//! Account management (实名登记): the accounts I manage, and registering a new one.

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::account::{NewUser, Role, UserPage};
use yinong_model::region::RegionCode;

use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::{loaded, RegionPicker};

#[component]
pub fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let users = Answer::new(api::users);
    view! {
        <section class="users">
            <h1 class="section-title">{move || i18n.staff().manage_accounts}</h1>
            <Register on_created=move || users.refetch()/>
            <h2 class="subtitle">{move || i18n.staff().accounts_in_scope}</h2>
            {loaded(users, move |page: UserPage| {
                view! {
                    <ul class="user-list">
                        {page.users.into_iter().map(|user| {
                            let role = user.role;
                            view! {
                                <li class="user-row">
                                    <span class="user-name">{user.name}</span>
                                    <span class="user-role">{move || i18n.lang().pick(role.name_zh(), role.name_en()).to_owned()}</span>
                                    <span class="user-region">{user.region_name.unwrap_or_default()}</span>
                                    <span class="user-phone">{user.phone_masked}</span>
                                    <span class="user-id-card">{user.id_card_masked.unwrap_or_default()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// The registration form. What was typed stays when the server refuses it.
#[component]
fn Register(#[prop(into)] on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let roles = move || session.me.get().map(|me| me.can_manage).unwrap_or_default();
    let role = RwSignal::new(None::<Role>);
    let region = RwSignal::new(None::<RegionCode>);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let id_card = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    // The nation's administrators (no region) start from the provinces.
    let my_region = move || session.me.get().map(|me| me.region_code());

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen_role) = role.get_untracked() else {
            message.set(Some((false, i18n.staff().choose_role.to_owned())));
            return;
        };
        let new = NewUser {
            role: chosen_role,
            region_code: region.get_untracked(),
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            username: None,
            password: chosen_role.is_staff().then(|| password.get_untracked()),
            id_card: Some(id_card.get_untracked()),
        };
        spawn_local(async move {
            match api::create_user(&new).await {
                Ok(created) => {
                    message.set(Some((
                        true,
                        format!("{}：{}", i18n.staff().registered, created.name),
                    )));
                    for field in [name, phone, password, id_card] {
                        field.set(String::new());
                    }
                    on_created.run(());
                }
                Err(failure) => message.set(Some((false, failure.message_zh()))),
            }
        });
    };
    view! {
        <form class="form register" on:submit=submit>
            <h2 class="subtitle">{move || i18n.staff().register_account}</h2>
            <label>
                {move || i18n.staff().role}
                <select name="role" on:change=move |e| {
                    role.set(Role::from_code(&event_target_value(&e)));
                    region.set(None);
                }>
                    <option value="">{move || i18n.staff().choose_role}</option>
                    {move || roles().into_iter().map(|r| view! {
                        <option value=r.code()>{move || i18n.lang().pick(r.name_zh(), r.name_en()).to_owned()}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || role.get().zip(my_region()).map(|(role, start)| {
                let levels = role.allowed_levels().iter().flatten().copied().collect();
                view! { <RegionPicker parent=start levels chosen=region/> }
            })}
            <label>{move || i18n.staff().name}<input name="name" prop:value=name on:input=move |e| name.set(event_target_value(&e))/></label>
            <label>{move || i18n.staff().phone}<input name="phone" type="tel" inputmode="numeric" maxlength="11" prop:value=phone on:input=move |e| phone.set(event_target_value(&e))/></label>
            <label>{move || i18n.staff().id_card}<input name="id_card" maxlength="18" prop:value=id_card on:input=move |e| id_card.set(event_target_value(&e))/></label>
            <label>{move || i18n.staff().password}<input name="password" type="password" autocomplete="new-password" prop:value=password on:input=move |e| password.set(event_target_value(&e))/></label>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "form-ok" } else { "form-error" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
            <button type="submit" class="button">{move || i18n.staff().register}</button>
        </form>
    }
}
