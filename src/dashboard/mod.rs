//! The leaders' dashboard: coverage of their region for those signed in with a dashboard
//! role, and headline national counts for everyone. `coverage.rs` is the drill-down page,
//! `charts.rs` builds chart options with charming from a coverage answer, `echarts.rs` loads
//! the ECharts script on the first chart (its hashed name is in a meta tag xtask writes into
//! the staff page; the portal never references it) and binds `registerMap`, `on` and
//! `dispose`; `gaps.rs` is the gap planner, `targets.rs` the target editor.

mod charts;
mod coverage;
mod echarts;
mod gaps;
mod targets;

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::system::Overview;

use crate::api;
use crate::context::use_session;
use crate::i18n::{use_i18n, StaffTextOf};
use crate::shell::loaded;

/// Reads one figure out of the overview.
type Figure = fn(&Overview) -> i64;

const CARDS: [(StaffTextOf, Figure); 4] = [
    (|t| t.kpi_villages, |o| o.villages),
    (|t| t.kpi_stations, |o| o.stations),
    (|t| t.kpi_informants, |o| o.informants),
    (|t| t.kpi_service_records, |o| o.service_records),
];

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let overview = Answer::new(api::overview);
    // The account's own region is where the drill-down starts.
    let coverage = move || {
        let me = session.me.get().filter(|me| me.role.uses_dashboard());
        match me {
            Some(me) => {
                let start = me.region_path.last().map(|r| r.code.as_str().to_owned());
                view! { <coverage::CoverageView start/> }.into_any()
            }
            None => {
                view! { <p class="note">{move || i18n.staff().sign_in_for_coverage}</p> }.into_any()
            }
        }
    };
    view! {
        <section class="dashboard">
            <h1 class="section-title">{move || i18n.staff().dashboard_title}</h1>
            {coverage}
            {loaded(overview, move |overview: Overview| {
                view! {
                    <ul class="kpi-grid">
                        {CARDS
                            .into_iter()
                            .map(|(label, value)| {
                                view! {
                                    <li class="kpi">
                                        <span class="kpi-value">{grouped(value(&overview))}</span>
                                        <span class="kpi-label">{move || label(i18n.staff())}</span>
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
pub(crate) fn grouped(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
