//! 朗读: reads a text aloud with the phone's speech synthesis (Web Speech API), in a
//! Chinese voice when the phone has one. Not shown where the browser cannot speak.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance};

use crate::i18n::{use_i18n, Lang};

fn synthesis() -> Option<SpeechSynthesis> {
    window().speech_synthesis().ok()
}

#[component]
pub fn ReadAloud(text: String) -> impl IntoView {
    let i18n = use_i18n();
    let speaking = RwSignal::new(false);
    // Reading stops when the page goes, not halfway through the next one.
    on_cleanup(|| {
        if let Some(synthesis) = synthesis() {
            synthesis.cancel();
        }
    });
    let toggle = move |_| {
        let Some(synthesis) = synthesis() else {
            return;
        };
        if speaking.get_untracked() {
            synthesis.cancel();
            speaking.set(false);
            return;
        }
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(&text) else {
            return;
        };
        let lang = match i18n.lang() {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        utterance.set_lang(lang);
        let prefix = &lang[..2];
        if let Some(voice) = synthesis
            .get_voices()
            .iter()
            .filter_map(|voice| voice.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
            .find(|voice| voice.lang().starts_with(prefix))
        {
            utterance.set_voice(Some(&voice));
        }
        let finished = Closure::<dyn Fn()>::new(move || speaking.set(false));
        utterance.set_onend(Some(finished.as_ref().unchecked_ref()));
        utterance.set_onerror(Some(finished.as_ref().unchecked_ref()));
        // The utterance calls it when reading ends: one small closure per reading.
        finished.forget();
        synthesis.cancel();
        synthesis.speak(&utterance);
        speaking.set(true);
    };
    synthesis().map(|_| {
        view! {
            <button type="button" class="button secondary read-aloud" aria-pressed=move || speaking.get().to_string()
                on:click=toggle>
                {move || if speaking.get() { i18n.portal().stop_reading } else { i18n.portal().read_aloud }}
            </button>
        }
    })
}
