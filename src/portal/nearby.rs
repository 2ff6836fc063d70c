//! The regions a board (jobs, 供求) can show around my village, nearest first, and the
//! buttons that choose one; the places a post of mine may name.

use leptos::prelude::*;
use yinong_model::region::RegionCode;

use super::my_village;
use crate::i18n::{use_i18n, I18n, PortalTextOf, PortalTexts};
use crate::shell::Link;

/// My township, my county, the country (only the country when no village is chosen).
pub type NearbyScopes = Vec<(Option<RegionCode>, PortalTextOf)>;

pub fn nearby_scopes(village: Option<&RegionCode>) -> NearbyScopes {
    let mut scopes = Vec::new();
    if let Some(village) = village {
        let township = village.parent();
        let county = township.as_ref().and_then(RegionCode::parent);
        scopes.push((
            township,
            (|t: &PortalTexts| t.scope_township) as PortalTextOf,
        ));
        scopes.push((county, |t: &PortalTexts| t.scope_county));
    }
    scopes.push((None, |t: &PortalTexts| t.scope_country));
    scopes
}

/// My county by default: near enough to go to, wide enough to find something.
pub fn default_scope(scopes: &NearbyScopes) -> Option<RegionCode> {
    scopes
        .get(1)
        .or(scopes.first())
        .and_then(|(code, _)| code.clone())
}

/// One button per scope; choosing one goes back to the first page.
#[component]
pub fn ScopeButtons(
    scopes: NearbyScopes,
    within: RwSignal<Option<RegionCode>>,
    page: RwSignal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="status-filters">
            {scopes.into_iter().map(|(code, label)| {
                let pressed = code.clone();
                view! {
                    <button type="button" class="button secondary"
                        aria-pressed=move || (within.get() == pressed).to_string()
                        on:click=move |_| { within.set(code.clone()); page.set(0); }>
                        {move || label(i18n.portal())}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// My village and its township, the places a post of mine may name; or, before a village
/// is chosen, the prompt to choose it.
pub fn post_places() -> Result<(RegionCode, RegionCode), AnyView> {
    let i18n = use_i18n();
    let Some(village) = my_village() else {
        return Err(view! {
            <p class="note">{move || i18n.t().choose_village_why}</p>
            <Link href="/village" class="button">{move || i18n.t().choose_village}</Link>
        }
        .into_any());
    };
    let township = village.parent().unwrap_or_else(|| village.clone());
    Ok((village, township))
}

/// A post in my village (`true`) or in my township.
pub fn place_label(in_village: bool, i18n: I18n) -> &'static str {
    if in_village {
        i18n.portal().my_village_place
    } else {
        i18n.portal().my_township_place
    }
}
