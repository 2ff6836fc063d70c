//! The leaders' dashboard: headline counts of what the database holds.

use leptos::prelude::*;
use yinong_model::system::Overview;

use crate::api;
use crate::i18n::{use_i18n, TextOf};
use crate::shell::loaded;

/// Reads one figure out of the overview.
type Figure = fn(&Overview) -> i64;

const CARDS: [(TextOf, Figure); 4] = [
    (|t| t.kpi_villages, |o| o.villages),
    (|t| t.kpi_stations, |o| o.stations),
    (|t| t.kpi_informants, |o| o.informants),
    (|t| t.kpi_service_records, |o| o.service_records),
];

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let overview = LocalResource::new(api::overview);
    view! {
        <section class="dashboard">
            <h1 class="section-title">{move || i18n.t().dashboard_title}</h1>
            {loaded(overview, move |overview: Overview| {
                view! {
                    <ul class="kpi-grid">
                        {CARDS
                            .into_iter()
                            .map(|(label, value)| {
                                view! {
                                    <li class="kpi">
                                        <span class="kpi-value">{grouped(value(&overview))}</span>
                                        <span class="kpi-label">{move || label(i18n.t())}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// 34271 → "34,271": large counts are read at a glance.
fn grouped(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
