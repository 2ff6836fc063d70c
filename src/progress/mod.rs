//! `/staff/progress` (进度报送): the county sends its monthly report (generated from the
//! data, shown before it goes) and follows it; the city decides its counties' reports in the
//! review queue and reads their sum; the province reads its cities' sums and publishes the
//! month's 通报.

use leptos::prelude::*;
use yinong_model::coverage::{share_text, CoverageFigures};
use yinong_model::progress::{
    report_status_en, report_status_zh, NewCircular, NewProgressReport, ProgressReport,
    ProgressReportPage, ReportLine, SummedProgress, PROGRESS_REPORTS,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_model::review::ReviewStatus;

use crate::answer::Answer;
use crate::api;
use crate::capture::china_now;
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n, StaffTextOf};
use crate::review::review_queue;
use crate::shell::{header_row, loaded, Link, Pager, Sending};

fn report_label(status: ReviewStatus, i18n: I18n) -> &'static str {
    i18n.lang()
        .pick(report_status_zh(status), report_status_en(status))
}

/// This month on China's calendar: `2026-12`.
fn this_month() -> String {
    china_now().chars().take(7).collect()
}

const COLUMNS: [StaffTextOf; 8] = [
    |t| t.progress_col_region,
    |t| t.progress_col_villages,
    |t| t.progress_col_covered,
    |t| t.progress_col_coverage,
    |t| t.progress_col_operating,
    |t| t.progress_col_compliant,
    |t| t.progress_col_informants,
    |t| t.progress_col_farmers,
];

/// One region's row of figures, or "未报送" across when it has none.
fn figures_row(name: String, figures: Option<CoverageFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let cells = figures.map(|figures| {
        [
            figures.villages.to_string(),
            figures.covered_villages.to_string(),
            share_text(figures.coverage()),
            figures.operating().to_string(),
            figures.compliant_operating().to_string(),
            figures.qualified_informants.to_string(),
            figures.farmers.to_string(),
        ]
    });
    view! {
        <tr class="progress-row">
            <th scope="row">{name}</th>
            {match cells {
                Some(cells) => cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view().into_any(),
                None => view! { <td colspan="7" class="not-reported">{move || i18n.staff().not_reported}</td> }.into_any(),
            }}
        </tr>
    }
}

fn lines_table(rows: Vec<(String, Option<CoverageFigures>)>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="coverage-table progress-table">
                <thead>{header_row(&COLUMNS)}</thead>
                <tbody>{rows.into_iter().map(|(name, figures)| figures_row(name, figures)).collect_view()}</tbody>
            </table>
        </div>
    }
}

fn report_rows(lines: Vec<ReportLine>) -> Vec<(String, Option<CoverageFigures>)> {
    lines
        .into_iter()
        .map(|line| (line.name, Some(line.figures)))
        .collect()
}

/// A report as sent: its month, status, note, the city's reason when returned, its table.
#[component]
fn ReportCard(report: ProgressReport) -> impl IntoView {
    let i18n = use_i18n();
    let ProgressReport {
        county_name,
        month,
        lines,
        note,
        status,
        review_note,
        sent_by,
        sent_at,
        ..
    } = report;
    let sent_on = sent_at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    view! {
        <article class="request progress-report" data-status=status.code()>
            <header class="request-head">
                <h2 class="request-item">{format!("{county_name} · {month}")}</h2>
                <span class="tag">{move || report_label(status, i18n)}</span>
            </header>
            <p class="job-facts"><span>{sent_by}</span><span>{sent_on}</span></p>
            {(!note.is_empty()).then(|| view! { <p class="report-note">{note}</p> })}
            {review_note.map(|reason| view! { <p class="return-reason" role="note">{reason}</p> })}
            {lines_table(report_rows(lines))}
        </article>
    }
}

/// `/staff/progress`.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        let me = session.me.get()?;
        let region = me.region_code();
        let level = region.as_ref().map(RegionCode::level);
        Some(match (region, level) {
            (Some(county), Some(RegionLevel::County)) if me.role.files_stations() => {
                view! { <CountyProgress county/> }.into_any()
            }
            (Some(city), Some(RegionLevel::City)) if me.role.confirms_filings() => {
                view! { <CityProgress city/> }.into_any()
            }
            (Some(province), Some(RegionLevel::Province)) if me.role.confirms_filings() => {
                view! { <ProvinceProgress province/> }.into_any()
            }
            _ => view! { <p class="note">{move || i18n.staff().progress_not_yours}</p> }.into_any(),
        })
    }
}

#[component]
fn CountyProgress(county: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(this_month());
    let note = RwSignal::new(String::new());
    let sending = Sending::new();
    let draft = Answer::new({
        let county = county.clone();
        move || {
            let county = county.clone();
            async move { api::progress_draft(&county).await }
        }
    });
    let page = RwSignal::new(0_i64);
    let mine = Answer::new(move || api::my_progress_reports(page.get()));
    let county = StoredValue::new(county);
    let send = move |_| {
        let report = NewProgressReport {
            county_code: county.get_value(),
            month: month.get_untracked(),
            note: note.get_untracked(),
        };
        sending.send(
            report.problem(&this_month()),
            async move { api::send_progress_report(&report).await },
            move |_| {
                note.set(String::new());
                mine.refetch();
            },
        );
    };
    view! {
        <section class="progress">
            <h1 class="section-title">{move || i18n.staff().progress_title}</h1>
            <p class="note">{move || i18n.staff().progress_intro}</p>
            {loaded(draft, |lines: Vec<ReportLine>| lines_table(report_rows(lines)))}
            <div class="form">
                <label>
                    {move || i18n.staff().progress_month}
                    <input type="month" name="month" prop:value=month on:input=move |e| month.set(event_target_value(&e))/>
                </label>
                <label>
                    {move || i18n.staff().progress_note}
                    <textarea name="note" rows="3" maxlength="500" prop:value=note
                        on:input=move |e| note.set(event_target_value(&e))></textarea>
                </label>
                {sending.message()}
                <button type="button" class="button" disabled=sending.busy on:click=send>{move || i18n.staff().send_progress}</button>
            </div>
            <h2 class="subtitle">{move || i18n.staff().my_reports}</h2>
            {loaded(mine, move |shown: ProgressReportPage| {
                if shown.reports.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().no_reports}</p> }.into_any();
                }
                let (total, current, per_page) = (shown.total, shown.page, shown.per_page);
                view! {
                    <ul class="listing-list my-reports">
                        {shown.reports.into_iter().map(|report| view! { <li><ReportCard report/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

/// The sum of `region`'s accepted reports for the month chosen.
#[component]
fn Summary(region: RegionCode, month: RwSignal<String>) -> impl IntoView {
    let summed = Answer::new(move || {
        let (region, month) = (region.clone(), month.get());
        async move { api::progress_summary(&region, &month).await }
    });
    loaded(summed, |summed: SummedProgress| {
        let mut rows: Vec<(String, Option<CoverageFigures>)> = summed
            .parts
            .into_iter()
            .map(|part| (part.name, part.figures))
            .collect();
        rows.push((summed.name, Some(summed.total)));
        lines_table(rows)
    })
}

fn month_picker(month: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form">
            <label>
                {move || i18n.staff().progress_month}
                <input type="month" name="month" prop:value=month on:change=move |e| month.set(event_target_value(&e))/>
            </label>
        </div>
    }
}

#[component]
fn CityProgress(city: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(this_month());
    view! {
        {review_queue(
            PROGRESS_REPORTS,
            report_label,
            api::progress_report_queue,
            "progress",
            move || i18n.staff().report_queue_title,
            move || i18n.staff().no_reports,
            |report| view! { <ReportCard report/> },
        )}
        <section class="progress-summary">
            <h2 class="subtitle">{move || i18n.staff().summary_title}</h2>
            {month_picker(month)}
            <Summary region=city month/>
        </section>
    }
}

#[component]
fn ProvinceProgress(province: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let month = RwSignal::new(this_month());
    let published = RwSignal::new(None::<(i64, String)>);
    let sending = Sending::new();
    let province_code = StoredValue::new(province.clone());
    let publish = move |_| {
        let circular = NewCircular {
            province_code: province_code.get_value(),
            month: month.get_untracked(),
        };
        sending.send(
            None,
            async move { api::publish_circular(&circular).await },
            move |done| published.set(Some((done.bulletin_id, done.title))),
        );
    };
    view! {
        <section class="progress-summary">
            <h1 class="section-title">{move || i18n.staff().progress_title}</h1>
            <p class="note">{move || i18n.staff().circular_intro}</p>
            {month_picker(month)}
            <Summary region=province month/>
            {sending.message()}
            <button type="button" class="button" disabled=sending.busy on:click=publish>{move || i18n.staff().publish_circular}</button>
            {move || published.get().map(|(id, title)| view! {
                <p class="note" role="status">
                    {move || i18n.staff().circular_published}
                    <Link href=format!("/notices/{id}")>{title}</Link>
                </p>
            })}
        </section>
    }
}
