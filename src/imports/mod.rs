//! Importing a register (导入名单): the county picks what the file holds, downloads the
//! template, uploads the file (with its progress), reads every problem by row and column,
//! takes the rows with problems away as a file to correct, and writes the whole clean file
//! or only its clean rows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::import::{ImportKind, ImportReport, ImportWrite};

use crate::api;
use crate::i18n::use_i18n;

/// Where an upload is.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    /// Sending: the share of the file sent.
    Sending(f64),
    Failed(String),
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ImportKind::Stations);
    let stage = RwSignal::new(Stage::Idle);
    let report = RwSignal::new(None::<ImportReport>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let chosen_file = move || {
        file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
    };
    let upload = move |write: ImportWrite| {
        let Some(file) = chosen_file() else {
            stage.set(Stage::Failed(i18n.staff().import_no_file.to_owned()));
            return;
        };
        if write == ImportWrite::Check {
            report.set(None);
        }
        stage.set(Stage::Sending(0.0));
        spawn_local(async move {
            let sent = move |share: f64| stage.set(Stage::Sending(share));
            match api::import_register(kind.get_untracked(), write, file, sent).await {
                Ok(answer) => {
                    stage.set(Stage::Idle);
                    report.set(Some(answer));
                }
                Err(failure) => stage.set(Stage::Failed(failure.message_zh())),
            }
        });
    };
    let busy = move || matches!(stage.get(), Stage::Sending(_));
    let template = move |format: &str| {
        format!(
            "/api/imports/{}/template?format={format}",
            kind.get().code()
        )
    };
    let on_kind = move |event: leptos::ev::Event| {
        if let Some(chosen) = ImportKind::from_code(&event_target_value(&event)) {
            kind.set(chosen);
            report.set(None);
            stage.set(Stage::Idle);
        }
    };

    view! {
        <section class="imports">
            <h1 class="section-title">{move || i18n.staff().import_title}</h1>
            <p class="note">{move || i18n.staff().import_intro}</p>
            <label class="field">
                <span>{move || i18n.staff().import_kind}</span>
                <select class="import-kind" on:change=on_kind>
                    {ImportKind::ALL.iter().map(|option| {
                        let option = *option;
                        view! {
                            <option value=option.code() selected=move || kind.get() == option>
                                {move || i18n.lang().pick(option.name_zh(), option.name_en()).to_owned()}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <p class="import-templates">
                {move || i18n.staff().import_template}
                <a class="button-link template-xlsx" href=move || template("xlsx") download>{move || i18n.staff().import_template_xlsx}</a>
                " "
                <a class="button-link template-csv" href=move || template("csv") download>{move || i18n.staff().import_template_csv}</a>
            </p>
            <details class="import-columns">
                <summary>{move || i18n.staff().import_columns}</summary>
                <dl>
                    {move || kind.get().columns().iter().map(|column| view! {
                        <dt>{column.heading}{column.required.then(|| view! { <span class="required">" *"</span> })}</dt>
                        <dd>{column.hint}</dd>
                    }).collect_view()}
                </dl>
            </details>
            <label class="field">
                <span>{move || i18n.staff().import_file}</span>
                <input type="file" class="import-file" accept=".xlsx,.csv,text/csv" node_ref=file_input
                    on:change=move |_| { report.set(None); stage.set(Stage::Idle); }/>
            </label>
            <button type="button" class="button import-check" disabled=busy on:click=move |_| upload(ImportWrite::Check)>
                {move || i18n.staff().import_check}
            </button>
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Sending(share) if share < 1.0 => view! {
                    <p class="import-progress" role="status">
                        <progress max="100" value=(share * 100.0).round()/>
                        " "{i18n.staff().import_sending}" "{format!("{:.0}%", share * 100.0)}
                    </p>
                }.into_any(),
                Stage::Sending(_) => view! {
                    <p class="import-progress" role="status"><progress/>" "{i18n.staff().import_working}</p>
                }.into_any(),
                Stage::Failed(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
            }}
            {move || report.get().map(|report| view! { <Report report busy upload/> })}
        </section>
    }
}

#[component]
fn Report(
    report: ImportReport,
    busy: impl Fn() -> bool + Copy + Send + Sync + 'static,
    upload: impl Fn(ImportWrite) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.staff();
    let rejected = report.rejected_csv.as_ref().map(|csv| {
        let href = format!(
            "data:text/csv;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(csv))
        );
        let name = format!("{}-待修改.csv", report.kind.name_zh());
        view! { <a class="button-link import-rejected" href=href download=name>{t.import_rejected}</a> }
    });
    let hidden = report.problem_count as usize > report.problems.len();
    let action = match (&report.written, report.problem_count, report.clean_rows) {
        (Some(_), _, _) | (None, _, 0) => None,
        (None, 0, rows) => Some((
            ImportWrite::All,
            format!("{}（{rows} {}）", t.import_write_all, t.import_rows),
        )),
        (None, _, rows) => Some((
            ImportWrite::Clean,
            format!("{} {rows} {}", t.import_write_clean, t.import_rows),
        )),
    };
    view! {
        <div class="import-report">
            <p class="import-summary">
                {format!("{} {}，{} {}，{} {}", report.rows, t.import_rows, report.clean_rows, t.import_clean, report.problem_count, t.import_problems)}
            </p>
            {report.written.map(|tally| view! {
                <p class="import-written" role="status">
                    {format!("{}{} {}，{} {}，{} {}", t.import_done, t.import_created, tally.created, t.import_updated, tally.updated, t.import_unchanged, tally.unchanged)}
                </p>
            })}
            {(!report.problems.is_empty()).then(|| view! {
                <table class="import-problems">
                    <thead><tr><th>{t.import_col_line}</th><th>{t.import_col_column}</th><th>{t.import_col_problem}</th></tr></thead>
                    <tbody>
                        {report.problems.into_iter().map(|problem| view! {
                            <tr data-line=problem.line>
                                <td>{problem.line}</td><td>{problem.column}</td><td>{problem.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {hidden.then(|| view! { <p class="note">{t.import_more_problems}</p> })}
            {rejected}
            {action.map(|(write, label)| view! {
                <button type="button" class="button import-write" disabled=busy on:click=move |_| upload(write)>{label}</button>
            })}
        </div>
    }
}
