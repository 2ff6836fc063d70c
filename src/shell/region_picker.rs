//! Choosing a region below one's own, one level at a time, until the choice sits at a
//! level the form accepts (an account's level for its role, a station's for its type).

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::region::{Region, RegionCode, RegionLevel};

use crate::api;
use crate::i18n::use_i18n;

/// Lists the children of `parent` (the provinces when `None`); picking one that is not yet
/// at one of `levels` opens the next list below it. `chosen` holds the choice once it is at
/// one of `levels`, and `None` otherwise. `narrowed`, when given, follows the deepest region
/// picked so far at any level (a search can then look inside it).
#[component]
pub fn RegionPicker(
    parent: Option<RegionCode>,
    levels: Vec<RegionLevel>,
    chosen: RwSignal<Option<RegionCode>>,
    #[prop(optional_no_strip)] narrowed: Option<RwSignal<Option<RegionCode>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = parent
        .as_ref()
        .map_or_else(|| "region".to_owned(), |code| format!("region-{code}"));
    let above = parent.clone();
    // Each list is labelled by what it lists: 省, 市, 县, 乡镇, 村.
    let level = parent
        .as_ref()
        .map_or(Some(RegionLevel::Province), |code| code.level().child())
        .unwrap_or(RegionLevel::Village);
    let children = Answer::new(move || {
        let parent = parent.clone();
        async move { api::child_regions(parent.as_ref()).await }
    });
    let picked = RwSignal::new(None::<Region>);
    let levels = StoredValue::new(levels);
    let fits = move |region: &Region| levels.with_value(|levels| levels.contains(&region.level));
    view! {
        <label>
            {move || i18n.lang().pick(level.name_zh(), level.name_en()).to_owned()}
            <select name=name on:change=move |e| {
                let code = event_target_value(&e);
                let region = children.get().and_then(|c| c.ok()).and_then(|c| c.into_iter().find(|r| r.code.as_str() == code));
                chosen.set(region.as_ref().filter(|r| fits(r)).map(|r| r.code.clone()));
                if let Some(narrowed) = narrowed {
                    narrowed.set(region.as_ref().map(|r| r.code.clone()).or_else(|| above.clone()));
                }
                picked.set(region);
            }>
                <option value="">{move || i18n.t().choose_region}</option>
                {move || children.get().and_then(|c| c.ok()).unwrap_or_default().into_iter().map(|r| view! {
                    <option value=r.code.to_string()>{r.name}</option>
                }).collect_view()}
            </select>
        </label>
        {move || picked.get().filter(|r| !fits(r) && r.level.child().is_some()).map(|r| {
            view! { <RegionPicker parent=Some(r.code) levels=levels.get_value() chosen narrowed/> }.into_any()
        })}
    }
}
