//! 运营商 for staff: `/staff/operators` (a county's contracts, signing one and the annual
//! assessment by the published criteria; an operator's own contracts), and
//! `/staff/operators/:id` (one contract: its stations and correction notices; the county
//! gives notices and replaces the operator, the operator answers). The county checks the
//! answers at `/staff/operators/reports` and looks into farmers' complaints at
//! `/staff/complaints` (`complaints.rs`, with the farmer's form).

mod complaints;
mod contract;

pub use complaints::{ComplainPage, ComplaintReview};
pub use contract::{ContractPage, CorrectionReview};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use yinong_model::account::Role;
use yinong_model::operator::{
    Contract, ContractTerms, CountyOperators, Duty, NewContract, OperatorAccount,
    OperatorAssessment, TownshipServed, FORMULA_EN, FORMULA_ZH,
};
use yinong_model::region::{RegionCode, RegionLevel};

use crate::answer::Answer;
use crate::api;
use crate::capture::china_now;
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n, StaffTextOf};
use crate::shell::{header_row, loaded, Link, RegionPicker, Sending};

/// Today on China's calendar, `2026-12-06`.
fn china_today() -> String {
    china_now().chars().take(10).collect()
}

fn duty_names(duties: &[Duty], i18n: I18n) -> String {
    duties
        .iter()
        .map(|duty| i18n.lang().pick(duty.name_zh(), duty.name_en()))
        .collect::<Vec<_>>()
        .join("、")
}

/// `/staff/operators?county=`: the operator's own contracts; the county's (a leader
/// above a county picks one first).
#[component]
pub fn OperatorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let is_operator = move || session.me.get().is_some_and(|me| me.role == Role::Operator);
    let start = move || {
        query
            .with(|query| query.get("county"))
            .and_then(|code| RegionCode::parse(&code).ok())
            .or_else(|| session.me.get().and_then(|me| me.region_code()))
    };
    let chosen = RwSignal::new(None::<RegionCode>);
    view! {
        <section class="operators">
            <h1 class="section-title">{move || i18n.staff().operators_title}</h1>
            {move || if is_operator() {
                view! { <MyContracts/> }.into_any()
            } else {
                match start() {
                    Some(county) if county.level() == RegionLevel::County => {
                        view! { <CountyOperatorsView county/> }.into_any()
                    }
                    above => view! {
                        <div class="form">
                            <RegionPicker parent=above levels=vec![RegionLevel::County] chosen/>
                        </div>
                        {move || chosen.get().map(|county| view! { <CountyOperatorsView county/> })}
                    }
                    .into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn MyContracts() -> impl IntoView {
    let i18n = use_i18n();
    let contracts = Answer::new(api::my_contracts);
    view! {
        {loaded(contracts, move |contracts: Vec<Contract>| {
            if contracts.is_empty() {
                return view! { <p class="note">{move || i18n.staff().no_contracts}</p> }.into_any();
            }
            contract_list(contracts)
        })}
    }
}

fn contract_list(contracts: Vec<Contract>) -> AnyView {
    view! {
        <ul class="listing-list contracts">
            {contracts.into_iter().map(|contract| view! { <li><ContractCard contract/></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A contract's terms, where it stands and, once replaced, why and by whom.
#[component]
fn ContractFacts(contract: Contract) -> impl IntoView {
    let i18n = use_i18n();
    let standing = contract.standing(&china_today());
    let Contract {
        county_name,
        operator_name,
        starts_on,
        ends_on,
        duties,
        townships,
        stations,
        signed_by,
        ended_on,
        end_reason,
        successor_name,
        ..
    } = contract;
    let townships = townships
        .into_iter()
        .map(|township| township.name)
        .collect::<Vec<_>>()
        .join("、");
    let ended = ended_on.map(|ended_on| {
        let reason = end_reason.unwrap_or_default();
        let successor = successor_name.unwrap_or_default();
        view! {
            <p class="event-reason contract-ended">{move || format!(
                "{} {successor}（{ended_on}） · {}：{reason}",
                i18n.staff().taken_over_by,
                i18n.staff().replacement_reason,
            )}</p>
        }
    });
    view! {
        <header class="request-head">
            <h2 class="request-item">{operator_name}</h2>
            <span class="tag contract-standing" data-standing=format!("{standing:?}")>
                {move || i18n.lang().pick(standing.name_zh(), standing.name_en()).to_owned()}
            </span>
        </header>
        <dl class="training-facts">
            <dt>{move || i18n.staff().contract_county}</dt><dd>{county_name}</dd>
            <dt>{move || i18n.staff().contract_period}</dt><dd>{format!("{starts_on} — {ends_on}")}</dd>
            <dt>{move || i18n.staff().contract_townships}</dt>
            <dd class="contract-townships">{move || format!("{townships}（{stations} {}）", i18n.staff().stations_unit)}</dd>
            <dt>{move || i18n.staff().contract_duties}</dt><dd>{move || duty_names(&duties, i18n)}</dd>
            <dt>{move || i18n.staff().contract_signed_by}</dt><dd>{signed_by}</dd>
        </dl>
        {ended}
    }
}

#[component]
fn ContractCard(contract: Contract) -> impl IntoView {
    let i18n = use_i18n();
    let id = contract.id;
    view! {
        <article class="request contract-card">
            <ContractFacts contract/>
            <Link href=format!("/staff/operators/{id}") class="button secondary">{move || i18n.staff().open_contract}</Link>
        </article>
    }
}

#[component]
fn CountyOperatorsView(county: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.role.manages_stations())
    };
    let overview = {
        let county = county.clone();
        Answer::new(move || {
            let county = county.clone();
            async move { api::county_operators(&county).await }
        })
    };
    let signed = Callback::new(move |()| overview.refetch());
    view! {
        {move || manages().then(|| view! {
            <p class="request-actions">
                <Link href="/staff/operators/reports" class="button secondary">{move || i18n.staff().correction_queue_title}</Link>
                <Link href="/staff/complaints" class="button secondary">{move || i18n.staff().complaint_queue_title}</Link>
            </p>
        })}
        {loaded(overview, move |overview: CountyOperators| {
            let CountyOperators { county_code, county_name, contracts, townships, candidates } = overview;
            view! {
                <h2 class="subtitle">{format!("{county_name} · ")}{move || i18n.staff().contracts_title}</h2>
                {if contracts.is_empty() {
                    view! { <p class="note">{move || i18n.staff().no_contracts}</p> }.into_any()
                } else {
                    contract_list(contracts)
                }}
                {manages().then(|| view! { <SignContractForm county=county_code townships candidates signed/> })}
            }
        })}
        <AssessmentTable county/>
    }
}

/// The terms every contract form asks for: operator, period, duties.
#[derive(Clone, Copy)]
struct TermsFields {
    operator: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    duties: RwSignal<Vec<Duty>>,
}

impl TermsFields {
    fn new(starts_on: String, ends_on: String, duties: Vec<Duty>) -> Self {
        Self {
            operator: RwSignal::new(String::new()),
            starts_on: RwSignal::new(starts_on),
            ends_on: RwSignal::new(ends_on),
            duties: RwSignal::new(duties),
        }
    }

    /// The terms as filled in, duties in the order they are listed.
    fn terms(self) -> ContractTerms {
        let chosen = self.duties.get_untracked();
        ContractTerms {
            operator_id: self.operator.get_untracked().parse().unwrap_or(0),
            starts_on: self.starts_on.get_untracked(),
            ends_on: self.ends_on.get_untracked(),
            duties: Duty::ALL
                .into_iter()
                .filter(|duty| chosen.contains(duty))
                .collect(),
        }
    }

    fn view(self, candidates: Vec<OperatorAccount>, operator_label: StaffTextOf) -> impl IntoView {
        let i18n = use_i18n();
        let date = move |label: StaffTextOf, name: &'static str, value: RwSignal<String>| {
            view! {
                <label>
                    {move || label(i18n.staff())}
                    <input type="date" name=name prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
                </label>
            }
        };
        view! {
            <label>
                {move || operator_label(i18n.staff())}
                <select name="operator" on:change=move |e| self.operator.set(event_target_value(&e))>
                    <option value="">{move || i18n.staff().choose_operator}</option>
                    {candidates.into_iter().map(|candidate| view! {
                        <option value=candidate.id.to_string()>{candidate.name}</option>
                    }).collect_view()}
                </select>
            </label>
            {date(|t| t.contract_starts_on, "starts_on", self.starts_on)}
            {date(|t| t.contract_ends_on, "ends_on", self.ends_on)}
            <fieldset class="choices">
                <legend>{move || i18n.staff().contract_duties}</legend>
                {Duty::ALL.into_iter().map(|duty| view! {
                    <label class="choice">
                        <input type="checkbox" name="duty"
                            prop:checked=move || self.duties.with(|chosen| chosen.contains(&duty))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                self.duties.update(|chosen| {
                                    chosen.retain(|other| *other != duty);
                                    if on {
                                        chosen.push(duty);
                                    }
                                });
                            }/>
                        {move || i18n.lang().pick(duty.name_zh(), duty.name_en()).to_owned()}
                    </label>
                }).collect_view()}
            </fieldset>
        }
    }
}

#[component]
fn SignContractForm(
    county: RegionCode,
    townships: Vec<TownshipServed>,
    candidates: Vec<OperatorAccount>,
    signed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = china_today();
    let year: i32 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let fields = TermsFields::new(today, format!("{}-12-31", year + 2), Duty::ALL.to_vec());
    let chosen = RwSignal::new(Vec::<RegionCode>::new());
    let sending = Sending::new();
    let county = StoredValue::new(county);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let new = NewContract {
            county_code: county.get_value(),
            terms: fields.terms(),
            townships: chosen.get_untracked(),
        };
        let problem = if new.terms.operator_id == 0 {
            Some(i18n.staff().choose_operator_first.to_owned())
        } else {
            new.problem()
        };
        sending.send(
            problem,
            async move { api::sign_contract(&new).await },
            move |_| {
                chosen.set(Vec::new());
                signed.run(());
            },
        );
    };
    view! {
        <details class="sign-contract">
            <summary>{move || i18n.staff().sign_contract}</summary>
            <form class="form" on:submit=submit>
                {fields.view(candidates, |t| t.contract_operator)}
                <fieldset class="choices">
                    <legend>{move || i18n.staff().contract_townships}</legend>
                    {townships.into_iter().map(|township| {
                        let TownshipServed { code, name, served_by } = township;
                        let held = code.clone();
                        let served = served_by.map(|operator| format!("（{operator}）"));
                        view! {
                            <label class="choice">
                                <input type="checkbox" name="township"
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        let code = held.clone();
                                        chosen.update(|chosen| {
                                            chosen.retain(|other| *other != code);
                                            if on {
                                                chosen.push(code);
                                            }
                                        });
                                    }/>
                                {name}{served}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button" disabled=sending.busy>{move || i18n.staff().sign_button}</button>
                {sending.message()}
            </form>
        </details>
    }
}

const ASSESSMENT_COLUMNS: [StaffTextOf; 10] = [
    |t| t.col_operator,
    |t| t.col_contract_stations,
    |t| t.col_operating,
    |t| t.col_six_have,
    |t| t.col_with_informant,
    |t| t.col_services,
    |t| t.col_complaints,
    |t| t.col_corrections,
    |t| t.col_score,
    |t| t.col_result,
];

/// The county's contracts that ran in a year, scored by the published criteria.
#[component]
fn AssessmentTable(county: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(china_today().chars().take(4).collect::<String>());
    let assessed = Answer::new(move || {
        let county = county.clone();
        let year = year.get();
        async move { api::operator_assessment(&county, &year).await }
    });
    view! {
        <section class="operator-assessment">
            <h2 class="subtitle">{move || i18n.staff().operators_assessment_title}</h2>
            <details class="formula">
                <summary>{move || i18n.staff().operators_formula}</summary>
                <p class="note">{move || i18n.lang().pick(FORMULA_ZH, FORMULA_EN)}</p>
            </details>
            <div class="form">
                <label>
                    {move || i18n.staff().assessment_year}
                    <input type="number" name="year" min="2015" max="2100" prop:value=year
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            if value.len() == 4 { year.set(value) }
                        }/>
                </label>
            </div>
            {loaded(assessed, move |assessed: OperatorAssessment| {
                if assessed.contracts.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().no_contracts_that_year}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll">
                        <table class="coverage-table operator-table" data-year=assessed.year.clone()>
                            <thead>{header_row(&ASSESSMENT_COLUMNS)}</thead>
                            <tbody>
                                {assessed.contracts.into_iter().map(|one| {
                                    let f = one.figures;
                                    let passed = one.passed;
                                    view! {
                                        <tr>
                                            <th scope="row">{one.contract.operator_name}</th>
                                            <td class="number">{f.stations}</td>
                                            <td class="number">{f.operating}</td>
                                            <td class="number">{f.compliant}</td>
                                            <td class="number">{f.with_qualified_informant}</td>
                                            <td class="number">{f.services}</td>
                                            <td class="number">{f.complaints_upheld}</td>
                                            <td class="number">{format!("{} / {}", f.corrections_on_time, f.corrections_due)}</td>
                                            <td class="number assessed-score">{one.score}</td>
                                            <td>
                                                <span class=if passed { "tag tag-ok" } else { "tag tag-warn" }>
                                                    {move || if passed { i18n.staff().assessment_pass } else { i18n.staff().assessment_fail }}
                                                </span>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </section>
    }
}
