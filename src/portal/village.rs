//! Choosing my village once — by typing part of its name or going down the regions — and
//! remembering it on the phone. The picker is a page of the portal bundle (`/village`), not
//! of the home page's: a farmer chooses once, and the home page's first load stays small.

use crate::answer::Answer;
use std::time::Duration;

use leptos::prelude::*;
use yinong_model::portal::VillageMatch;
use yinong_model::region::{RegionCode, RegionLevel};

use crate::api;
use crate::i18n::use_i18n;
use crate::shell::{loaded, RegionPicker};

const MY_VILLAGE_KEY: &str = "yinong.village";

/// The farmer's village, as remembered on this phone (both farmer bundles read it).
pub fn my_village() -> Option<RegionCode> {
    crate::local_storage()
        .and_then(|storage| storage.get_item(MY_VILLAGE_KEY).ok().flatten())
        .and_then(|code| RegionCode::parse(&code).ok())
        .filter(|code| code.level() == RegionLevel::Village)
}

/// How long typing must pause before a search goes out: one request per word, not per key,
/// on a weak network.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);

/// Remembers `village` as the farmer's on this phone.
pub fn remember_village(village: &RegionCode) {
    if let Some(storage) = crate::local_storage() {
        let _ = storage.set_item(MY_VILLAGE_KEY, village.as_str());
    }
}

/// Remembers `village` and goes home, which shows it (the home page is another bundle).
fn choose_and_go_home(village: RegionCode) {
    remember_village(&village);
    let _ = window().location().set_href("/");
}

#[component]
pub fn VillagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let within = RwSignal::new(None::<RegionCode>);
    let from_list = RwSignal::new(None::<RegionCode>);
    let search = RwSignal::new(None::<(String, Option<RegionCode>)>);
    let ask = move || {
        let text = typed.get_untracked().trim().to_owned();
        search.set((!text.is_empty()).then(|| (text, within.get_untracked())));
    };
    let on_input = move |event| {
        let text = event_target_value(&event);
        typed.set(text.clone());
        set_timeout(
            move || {
                if typed.get_untracked() == text {
                    ask();
                }
            },
            SEARCH_PAUSE,
        );
    };
    // Narrowing the region repeats the search inside it.
    Effect::watch(move || within.get(), move |_, _, _| ask(), false);
    Effect::new(move || {
        if let Some(village) = from_list.get() {
            choose_and_go_home(village);
        }
    });
    let matches = Answer::new(move || {
        let asked = search.get();
        async move {
            match asked {
                Some((text, within)) => {
                    api::search_villages(&text, within.as_ref()).await.map(Some)
                }
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="village-picker">
            <h1 class="section-title">{move || i18n.t().choose_village}</h1>
            <p class="hint">{move || i18n.t().choose_village_hint}</p>
            <form class="form" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                ask();
            }>
                <label>
                    {move || i18n.t().village_name}
                    <input type="search" name="village" autocomplete="off" enterkeyhint="search"
                        prop:value=typed on:input=on_input/>
                </label>
                <RegionPicker parent=None levels=vec![RegionLevel::Village] chosen=from_list narrowed=Some(within)/>
            </form>
            {loaded(matches, move |found| found.map(|found| {
                let t = i18n.t();
                let note = if found.matches.is_empty() {
                    Some(t.no_village_matches)
                } else if found.more {
                    Some(t.more_villages_match)
                } else {
                    None
                };
                view! {
                    <ul class="village-matches">
                        {found.matches.into_iter().map(|village| view! { <VillageChoice village/> }).collect_view()}
                    </ul>
                    {note.map(|note| view! { <p class="hint">{note}</p> })}
                }
            }))}
        </section>
    }
}

#[component]
fn VillageChoice(village: VillageMatch) -> impl IntoView {
    let VillageMatch { code, name, place } = village;
    view! {
        <li>
            <button type="button" class="village-choice" on:click=move |_| choose_and_go_home(code.clone())>
                <span class="village-name">{name}</span>
                <span class="village-place">{place}</span>
            </button>
        </li>
    }
}
