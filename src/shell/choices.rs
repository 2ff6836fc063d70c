//! Choosing one of a few values: a row of toggle buttons over a list (kind, status), and
//! radio choices in a form; the reason given with a refusal, cancellation or report.

use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n, PortalTextOf};

/// What a choice is called in the current language.
pub type ChoiceLabel<T> = fn(T, I18n) -> &'static str;

/// Buttons choosing which of `choices` a list shows (the chosen one is pressed); choosing
/// goes back to the list's first page.
#[component]
pub fn ChoiceButtons<T>(
    choices: Vec<T>,
    chosen: RwSignal<T>,
    page: RwSignal<i64>,
    label: ChoiceLabel<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="status-filters">
            {choices.into_iter().map(|choice| view! {
                <button type="button" class="button secondary"
                    aria-pressed=move || (chosen.get() == choice).to_string()
                    on:click=move |_| { chosen.set(choice); page.set(0); }>
                    {move || label(choice, i18n)}
                </button>
            }).collect_view()}
        </div>
    }
}

/// One radio button per choice in a form, under `legend`.
#[component]
pub fn RadioChoices<T>(
    legend: PortalTextOf,
    name: &'static str,
    choices: Vec<T>,
    chosen: RwSignal<T>,
    label: ChoiceLabel<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <fieldset class="choices">
            <legend>{move || legend(i18n.portal())}</legend>
            {choices.into_iter().map(|choice| view! {
                <label class="choice">
                    <input type="radio" name=name prop:checked=move || chosen.get() == choice
                        on:change=move |_| chosen.set(choice)/>
                    {move || label(choice, i18n)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A reason to type (the other side reads it) and the button that sends it.
#[component]
pub fn ReasonForm(
    label: PortalTextOf,
    confirm: PortalTextOf,
    reason: RwSignal<String>,
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form cancel-form">
            <label>
                {move || label(i18n.portal())}
                <textarea name="reason" rows="2" maxlength="200"
                    prop:value=reason on:input=move |e| reason.set(event_target_value(&e))></textarea>
            </label>
            <button type="button" class="button" disabled=busy on:click=move |_| on_confirm.run(())>
                {move || confirm(i18n.portal())}
            </button>
        </div>
    }
}
