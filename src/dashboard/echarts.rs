//! ECharts in the staff app: the script is loaded when the first chart mounts (never by the
//! portal), maps are registered from `/api/shapes`, and each chart is disposed when its
//! page goes. Options are built with charming (`super::charts`); charming 0.6 has no map
//! support, so `registerMap`, events and disposal are bound here.

use std::cell::RefCell;
use std::collections::HashSet;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::use_i18n;

#[wasm_bindgen]
extern "C" {
    /// One chart drawn in one element.
    type Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn init(element: &web_sys::HtmlElement) -> Instance;
    #[wasm_bindgen(js_namespace = echarts, js_name = registerMap)]
    fn register_map(name: &str, geo_json: &JsValue);
    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &Instance, option: &JsValue, not_merge: bool);
    #[wasm_bindgen(method)]
    fn resize(this: &Instance);
    #[wasm_bindgen(method)]
    fn dispose(this: &Instance);
    #[wasm_bindgen(method)]
    fn on(this: &Instance, event: &str, handler: &JsValue);
}

thread_local! {
    /// The script's loading, shared by every chart that waits for it.
    static SCRIPT: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// Maps registered so far, by name.
    static MAPS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// `xtask build` names the hashed script in a meta tag of the staff page.
const SCRIPT_META: &str = "meta[name=yinong-echarts]";

/// Loads the ECharts script once; later calls wait for the same load.
async fn script_ready() -> Result<(), ()> {
    let promise = SCRIPT.with(|script| {
        script
            .borrow_mut()
            .get_or_insert_with(|| {
                js_sys::Promise::new(&mut |resolve, reject| {
                    let document = document();
                    let src = document
                        .query_selector(SCRIPT_META)
                        .ok()
                        .flatten()
                        .and_then(|meta| meta.get_attribute("content"));
                    let (Some(src), Ok(element)) = (src, document.create_element("script")) else {
                        let _ = reject.call0(&JsValue::NULL);
                        return;
                    };
                    let script: web_sys::HtmlScriptElement = element.unchecked_into();
                    script.set_src(&src);
                    script.set_onload(Some(&resolve));
                    script.set_onerror(Some(&reject));
                    if let Some(head) = document.head() {
                        let _ = head.append_child(&script);
                    }
                })
            })
            .clone()
    });
    let loaded = JsFuture::from(promise).await.map(drop).map_err(drop);
    if loaded.is_err() {
        // A failed load (offline, say) is tried again by the next chart.
        SCRIPT.with(|script| script.borrow_mut().take());
    }
    loaded
}

/// A region's children's boundaries, registered under `name` for a map series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapShapes {
    pub name: String,
    pub url: String,
}

async fn map_ready(map: &MapShapes) -> Result<(), ()> {
    if MAPS.with(|maps| maps.borrow().contains(&map.name)) {
        return Ok(());
    }
    let response = gloo_net::http::Request::get(&map.url)
        .send()
        .await
        .map_err(drop)?;
    if !response.ok() {
        return Err(());
    }
    let text = response.text().await.map_err(drop)?;
    let geo_json = js_sys::JSON::parse(&text).map_err(drop)?;
    register_map(&map.name, &geo_json);
    MAPS.with(|maps| maps.borrow_mut().insert(map.name.clone()));
    Ok(())
}

/// What a chart draws: its option as ECharts JSON, and the map it draws on (if any).
#[derive(Clone)]
pub struct ChartSpec {
    pub option: String,
    pub map: Option<MapShapes>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Loading,
    Drawn,
    Failed,
}

/// One ECharts chart. `label` names it for screen readers and tests; `on_pick` receives
/// the `code` of a clicked data item.
#[component]
pub fn EChart(
    label: String,
    #[prop(into)] spec: Signal<ChartSpec>,
    #[prop(optional, into)] on_pick: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<Div>::new();
    let instance = StoredValue::new_local(None::<Instance>);
    let state = RwSignal::new(State::Loading);
    Effect::new(move |_| {
        let spec = spec.get();
        let Some(element) = node.get() else { return };
        leptos::task::spawn_local(async move {
            let ready = match &spec.map {
                Some(map) => match script_ready().await {
                    Ok(()) => map_ready(map).await,
                    failed => failed,
                },
                None => script_ready().await,
            };
            if ready.is_err() {
                state.set(State::Failed);
                return;
            }
            let Ok(option) = js_sys::JSON::parse(&spec.option) else {
                state.set(State::Failed);
                return;
            };
            with_tip_formatter(&option);
            instance.update_value(|slot| {
                let chart = slot.get_or_insert_with(|| {
                    let chart = init(&element);
                    if let Some(on_pick) = on_pick {
                        chart.on("click", &pick_handler(on_pick));
                    }
                    chart
                });
                chart.set_option(&option, true);
            });
            state.set(State::Drawn);
        });
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|chart| {
            if let Some(chart) = chart {
                chart.resize();
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        if let Some(chart) = instance.try_update_value(Option::take).flatten() {
            chart.dispose();
        }
    });
    let caption = label.clone();
    view! {
        <figure class="chart" aria-label=label data-state=move || match state.get() {
            State::Loading => "loading",
            State::Drawn => "drawn",
            State::Failed => "failed",
        }>
            <figcaption>{caption}</figcaption>
            <div class="chart-canvas" node_ref=node></div>
            <Show when=move || state.get() == State::Failed>
                <p class="note">{move || i18n.staff().chart_failed}</p>
            </Show>
        </figure>
    }
}

/// Tooltips read the `tip` text each data item carries (figures composed in Rust), so the
/// option stays plain JSON.
fn with_tip_formatter(option: &JsValue) {
    let formatter = Closure::<dyn Fn(JsValue) -> JsValue>::new(|params: JsValue| {
        let data = js_sys::Reflect::get(&params, &"data".into()).unwrap_or(JsValue::NULL);
        let tip = js_sys::Reflect::get(&data, &"tip".into()).ok();
        match tip.filter(|tip| tip.is_string()) {
            Some(tip) => tip,
            None => js_sys::Reflect::get(&params, &"name".into()).unwrap_or(JsValue::NULL),
        }
    })
    .into_js_value();
    if let Ok(tooltip) = js_sys::Reflect::get(option, &"tooltip".into()) {
        if tooltip.is_object()
            && js_sys::Reflect::get(&tooltip, &"trigger".into())
                .ok()
                .and_then(|t| t.as_string())
                .as_deref()
                == Some("item")
        {
            let _ = js_sys::Reflect::set(&tooltip, &"formatter".into(), &formatter);
        }
    }
}

fn pick_handler(on_pick: Callback<String>) -> JsValue {
    Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
        let code = js_sys::Reflect::get(&params, &"data".into())
            .and_then(|data| js_sys::Reflect::get(&data, &"code".into()))
            .ok()
            .and_then(|code| code.as_string());
        if let Some(code) = code {
            on_pick.run(code);
        }
    })
    .into_js_value()
}
