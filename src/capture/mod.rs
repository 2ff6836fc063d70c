//! The informant's outbox: what they capture is kept on the phone first (IndexedDB, per
//! account, so a shared phone never mixes two informants' records) under an id the phone
//! gives it (UUIDv7), and sent when there is a network — at start, when the phone comes
//! back online, on demand, and again after a growing pause when sending failed. Photos go
//! first, one per request; a record leaves the outbox only once the server acknowledged it
//! (`yinong_model::sync` has the rules, `api::capture` on the server the other half). A
//! capture page holds only its kind's fields: keeping the form (`Keeping`, `keep_draft`)
//! and listing what was sent (`sent_list`) are here. `public/sw.js` is the staff
//! app's service worker (`cargo xtask build` writes it with the build's hashed files), so
//! the workbench opens offline for the last account signed in on the phone.

mod idb;
mod sent;

pub use sent::sent_list;

use crate::answer::Answer;
use std::ops::ControlFlow;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;
use yinong_model::account::Me;
use yinong_model::sync::{
    batches, retry_delay_secs, send_outcome, set_aside, uuid_v7, BatchedRecord, Capture,
    CapturedRecord, OutboxBatch, OutboxState, SendOutcome,
};

use crate::api::{self, ApiFailure};
use crate::context::use_session;
use crate::i18n::{use_i18n, I18n};

/// A record waiting on the phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    /// The client id (UUIDv7), also the record's key on the phone.
    pub id: String,
    pub kind: Capture,
    /// What is sent, as the server reads it.
    pub body: serde_json::Value,
    /// Hashes of the photos kept beside it, sent before it.
    pub photos: Vec<String>,
    /// One line for the list: what it is.
    pub summary: String,
    pub state: OutboxState,
    /// Why it waits or needs attention, in the words the server or the phone gave.
    pub problem: Option<String>,
    pub attempts: u32,
}

/// The signed-in account's outbox, shared through context by the staff app.
#[derive(Clone, Copy)]
pub struct Outbox {
    owner: RwSignal<Option<i64>>,
    pub records: RwSignal<Vec<Queued>>,
    /// While sending: (done, of).
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// Counts acknowledged records, so pages refetch what the server now holds.
    pub acknowledged: RwSignal<u32>,
    /// Records the server answered with an error, by id: `acknowledged` when they first
    /// failed and how often the server failed them since, to tell a record the server keeps
    /// refusing from a server that is down.
    failing_since: StoredValue<std::collections::HashMap<String, (u32, u32)>>,
    /// The browser keeps no IndexedDB (private mode on some phones).
    pub unavailable: RwSignal<bool>,
    syncing: StoredValue<bool>,
    /// Messages are worded in tasks that run outside any component.
    i18n: I18n,
}

const REMEMBERED_ACCOUNT: &str = "yinong.me";

/// Keeps the signed-in account on the phone, so the workbench opens offline for the
/// account that last signed in (and forgets it on signing out).
fn remember_account() {
    let session = use_session();
    Effect::new(move |_| {
        if !session.known.get() {
            return;
        }
        let Some(storage) = crate::local_storage() else {
            return;
        };
        match session.me.get() {
            Some(me) => {
                if let Ok(text) = serde_json::to_string(&me) {
                    let _ = storage.set_item(REMEMBERED_ACCOUNT, &text);
                }
            }
            None if session.offline.get_untracked() => {
                let remembered = storage.get_item(REMEMBERED_ACCOUNT).ok().flatten();
                if let Some(me) = remembered.and_then(|text| serde_json::from_str::<Me>(&text).ok())
                {
                    session.me.set(Some(me));
                }
            }
            None => {
                let _ = storage.remove_item(REMEMBERED_ACCOUNT);
            }
        }
    });
}

/// Provides the outbox of whoever is signed in, loads it and keeps sending.
pub fn provide_outbox() {
    remember_account();
    let session = use_session();
    let outbox = Outbox {
        owner: RwSignal::new(None),
        records: RwSignal::new(Vec::new()),
        progress: RwSignal::new(None),
        acknowledged: RwSignal::new(0),
        failing_since: StoredValue::new(std::collections::HashMap::new()),
        unavailable: RwSignal::new(false),
        syncing: StoredValue::new(false),
        i18n: use_i18n(),
    };
    provide_context(outbox);
    Effect::new(move |_| {
        // Only those who capture from a village have an outbox: no IndexedDB work at the
        // start of a leader's dashboard.
        let owner = session
            .me
            .get()
            .filter(|me| me.role.reports_from_village())
            .map(|me| me.id);
        if owner != outbox.owner.get_untracked() {
            outbox.owner.set(owner);
            outbox.records.set(Vec::new());
            spawn_local(async move {
                outbox.load().await;
                outbox.sync();
            });
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| outbox.sync());
    // The staff app lives as long as the page.
    std::mem::forget(online);
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// Today on the phone's calendar, `YYYY-MM-DD`: the day a record is for unless changed.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Now on China's clock to the minute, `2026-12-10T09:00`, whatever zone the phone is set
/// to: sessions and report months are China time.
pub fn china_now() -> String {
    let china = js_sys::Date::new(&(js_sys::Date::now() + 8.0 * 3_600_000.0).into());
    china
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
        .chars()
        .take(16)
        .collect()
}

/// A new client id: the time now and ten random bytes.
pub(crate) fn client_id() -> String {
    let mut random = [0_u8; 10];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut random);
    }
    uuid_v7(js_sys::Date::now() as u64, random)
}

async fn bytes_of(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// What a failed call means for the record sent, whether the server answered, and why.
fn failed(failure: &ApiFailure) -> Sent {
    let status = status_of(failure);
    (
        send_outcome(status),
        status.is_some(),
        Some(failure.message_zh()),
    )
}

/// The HTTP status a failed call got (`None`: no answer), as the sync rules read it.
fn status_of(failure: &ApiFailure) -> Option<u16> {
    match failure {
        ApiFailure::Network => None,
        ApiFailure::Server { status, .. } => Some(*status),
    }
}

impl Outbox {
    fn owner(self) -> Option<i64> {
        self.owner.get_untracked()
    }

    async fn load(self) {
        let Some(owner) = self.owner() else {
            return;
        };
        match idb::records(owner).await {
            Ok(texts) => {
                let records = texts
                    .iter()
                    .filter_map(|text| serde_json::from_str::<Queued>(text).ok())
                    // A send cut off by a closed page is waiting again.
                    .map(|mut record| {
                        if record.state == OutboxState::Sending {
                            record.state = OutboxState::Waiting;
                        }
                        record
                    })
                    .collect();
                self.records.set(records);
            }
            Err(_) => self.unavailable.set(true),
        }
    }

    /// Writes `record` on the phone and shows it.
    async fn save(self, record: Queued) -> Result<(), String> {
        let owner = self
            .owner()
            .ok_or_else(|| self.i18n.t().sign_in.to_owned())?;
        let text = serde_json::to_string(&record).map_err(|error| error.to_string())?;
        idb::put_record(owner, &record.id, &text)
            .await
            .map_err(|_| self.i18n.staff().outbox_unavailable.to_owned())?;
        self.records.update(
            |records| match records.iter_mut().find(|kept| kept.id == record.id) {
                Some(kept) => *kept = record,
                None => records.push(record),
            },
        );
        Ok(())
    }

    /// A page (`page`) of what the server holds of the account's records, read with
    /// `fetch` and read again as the outbox's records arrive.
    pub fn sent_page<P, Fetched>(
        self,
        fetch: impl Fn(i64) -> Fetched + 'static,
    ) -> (RwSignal<i64>, Answer<P>)
    where
        P: Clone + 'static,
        Fetched: std::future::Future<Output = Result<P, ApiFailure>> + 'static,
    {
        let page = RwSignal::new(0);
        let sent = Answer::new(move || {
            self.acknowledged.track();
            fetch(page.get())
        });
        (page, sent)
    }

    /// Keeps a captured record (and the photos it names, already kept with
    /// [`Outbox::keep_photo`]) and starts sending.
    pub async fn add(
        self,
        kind: Capture,
        body: &impl Serialize,
        photos: Vec<String>,
        summary: String,
    ) -> Result<(), String> {
        let body = serde_json::to_value(body).map_err(|error| error.to_string())?;
        let record = Queued {
            id: client_id(),
            kind,
            body,
            photos,
            summary,
            state: OutboxState::Waiting,
            problem: None,
            attempts: 0,
        };
        self.save(record).await?;
        // Ask the browser not to evict what waits here when space runs low.
        if let Ok(storage) = window().navigator().storage().persist() {
            let _ = JsFuture::from(storage).await;
        }
        self.sync();
        Ok(())
    }

    /// Keeps a downscaled photo on the phone; its hash names it on the server too.
    pub async fn keep_photo(self, photo: &Blob) -> Result<String, String> {
        let owner = self
            .owner()
            .ok_or_else(|| self.i18n.t().sign_in.to_owned())?;
        let bytes = bytes_of(photo)
            .await
            .ok_or_else(|| self.i18n.portal().photo_unreadable.to_owned())?;
        let hash = format!("{:x}", Sha256::digest(&bytes));
        idb::put_photo(owner, &hash, photo)
            .await
            .map_err(|_| self.i18n.staff().outbox_unavailable.to_owned())?;
        Ok(hash)
    }

    /// Sends what waits, unless a send is under way.
    pub fn sync(self) {
        if self.syncing.get_value() || self.owner().is_none() {
            return;
        }
        self.syncing.set_value(true);
        spawn_local(async move {
            self.send_waiting().await;
            self.progress.set(None);
            self.syncing.set_value(false);
        });
    }

    /// Sends a record that needed attention once more.
    pub fn retry(self, id: &str) {
        let Some(mut record) = self
            .records
            .get_untracked()
            .into_iter()
            .find(|r| r.id == id)
        else {
            return;
        };
        record.state = OutboxState::Waiting;
        record.problem = None;
        spawn_local(async move {
            let _ = self.save(record).await;
            self.sync();
        });
    }

    /// Drops a record the informant gave up on (and its photos no other record carries).
    pub fn discard(self, id: &str) {
        let id = id.to_owned();
        spawn_local(async move {
            if self.forget(&id).await.is_ok() {
                self.records
                    .update(|records| records.retain(|record| record.id != id));
            }
        });
    }

    /// Removes a record from the phone, with the photos no other record carries.
    async fn forget(self, id: &str) -> Result<(), wasm_bindgen::JsValue> {
        let Some(owner) = self.owner() else {
            return Ok(());
        };
        let records = self.records.get_untracked();
        let photos = records
            .iter()
            .find(|record| record.id == id)
            .map(|record| record.photos.clone())
            .unwrap_or_default();
        let unused: Vec<String> = photos
            .into_iter()
            .filter(|hash| {
                !records.iter().any(|other| {
                    other.id != id
                        && other.state != OutboxState::Sent
                        && other.photos.contains(hash)
                })
            })
            .collect();
        idb::remove_record(owner, id, &unused).await
    }

    async fn send_waiting(self) {
        let waiting: Vec<Queued> = self
            .records
            .get_untracked()
            .into_iter()
            .filter(|record| record.state == OutboxState::Waiting)
            .collect();
        let total = waiting.len();
        let sizes: Vec<usize> = waiting
            .iter()
            .map(|record| record.body.to_string().len() + record.id.len() + 64)
            .collect();
        let mut retry_in: Option<u32> = None;
        let mut done = 0;
        for batch in batches(&sizes) {
            let batch: Vec<Queued> = batch.into_iter().map(|at| waiting[at].clone()).collect();
            self.records.update(|records| {
                for shown in records.iter_mut() {
                    if batch.iter().any(|record| record.id == shown.id) {
                        shown.state = OutboxState::Sending;
                    }
                }
            });
            for (record, sent) in self.send(batch).await {
                done += 1;
                self.progress.set(Some((done, total)));
                if self.settle(record, sent, &mut retry_in).await.is_break() {
                    // What stops one record (no network, no session) stops the rest too.
                    self.records.update(|records| {
                        for shown in records.iter_mut() {
                            if shown.state == OutboxState::Sending {
                                shown.state = OutboxState::Waiting;
                            }
                        }
                    });
                    return;
                }
            }
        }
        if let Some(delay) = retry_in {
            set_timeout(move || self.sync(), Duration::from_secs(u64::from(delay)));
        }
    }

    /// Keeps what came of sending `record`; breaks when the records behind it must wait
    /// too. A record the server answered with an error is tried again after `retry_in`.
    async fn settle(
        self,
        mut record: Queued,
        (outcome, answered, message): Sent,
        retry_in: &mut Option<u32>,
    ) -> ControlFlow<()> {
        let staff = self.i18n.staff();
        if outcome != SendOutcome::Retry || !answered {
            self.failing_since.update_value(|failing| {
                failing.remove(&record.id);
            });
        }
        match outcome {
            SendOutcome::Retry if answered => {
                // The server (or the proxy before it) answered with an error: try the
                // records behind this one, and set it aside if others get through.
                record.attempts += 1;
                let through_now = self.acknowledged.get_untracked();
                let mut since_and_failures = (through_now, 0);
                self.failing_since.update_value(|failing| {
                    let counted = failing.entry(record.id.clone()).or_insert((through_now, 0));
                    counted.1 += 1;
                    since_and_failures = *counted;
                });
                let (since, failures) = since_and_failures;
                let message = message.unwrap_or_default();
                if set_aside(failures, through_now - since) {
                    record.state = OutboxState::NeedsAttention;
                    record.problem = Some(format!("{}{message}", staff.outbox_set_aside));
                    self.failing_since.update_value(|failing| {
                        failing.remove(&record.id);
                    });
                } else {
                    let delay = retry_delay_secs(record.attempts);
                    record.state = OutboxState::Waiting;
                    record.problem = Some(format!("{message} {delay} {}", staff.outbox_retry_in));
                    *retry_in = Some(retry_in.map_or(delay, |other| other.min(delay)));
                }
                let _ = self.save(record).await;
                ControlFlow::Continue(())
            }
            SendOutcome::Acknowledged => {
                if self.forget(&record.id).await.is_ok() {
                    // Shown as sent until the page is left; gone from the phone.
                    self.records.update(|records| {
                        if let Some(shown) = records.iter_mut().find(|r| r.id == record.id) {
                            shown.state = OutboxState::Sent;
                            shown.problem = None;
                        }
                    });
                    self.acknowledged.update(|n| *n += 1);
                }
                ControlFlow::Continue(())
            }
            SendOutcome::Refused => {
                record.state = OutboxState::NeedsAttention;
                record.problem = message;
                let _ = self.save(record).await;
                ControlFlow::Continue(())
            }
            SendOutcome::SignIn => {
                record.state = OutboxState::Waiting;
                record.problem = Some(staff.outbox_sign_in_again.to_owned());
                let _ = self.save(record).await;
                ControlFlow::Break(())
            }
            SendOutcome::Retry => {
                record.attempts += 1;
                let delay = retry_delay_secs(record.attempts);
                record.state = OutboxState::Waiting;
                record.problem = Some(format!(
                    "{} {delay} {}",
                    message.unwrap_or_default(),
                    staff.outbox_retry_in
                ));
                let _ = self.save(record).await;
                set_timeout(move || self.sync(), Duration::from_secs(u64::from(delay)));
                ControlFlow::Break(())
            }
        }
    }

    /// Sends a batch of records — each one's photos first, one request each, then the
    /// records in one request — and answers what came of each, in order. A photo that could
    /// not go keeps its record back; one that stops everything (no network, no session)
    /// ends the batch there.
    async fn send(self, batch: Vec<Queued>) -> Vec<(Queued, Sent)> {
        let Some(owner) = self.owner() else {
            return batch
                .into_iter()
                .map(|record| (record, (SendOutcome::SignIn, false, None)))
                .collect();
        };
        let mut ready = Vec::new();
        let mut held_back = Vec::new();
        'records: for record in batch {
            for hash in &record.photos {
                // A photo not kept here is one the server has (a corrected report's); if
                // it does not, the server refuses the record and says so.
                let Ok(Some(kept)) = idb::photo(owner, hash).await else {
                    continue;
                };
                if let Err(failure) = api::upload_photo(&kept).await {
                    let sent = failed(&failure);
                    let stops = matches!(sent, (SendOutcome::SignIn, ..) | (_, false, _));
                    held_back.push((record, sent));
                    if stops {
                        break 'records;
                    }
                    continue 'records;
                }
            }
            ready.push(record);
        }
        let mut answered: Vec<(Queued, Sent)> = Vec::new();
        if !ready.is_empty() {
            let batch = OutboxBatch {
                records: ready
                    .iter()
                    .map(|record| BatchedRecord {
                        kind: record.kind,
                        id: record.id.clone(),
                        record: record.body.clone(),
                    })
                    .collect(),
            };
            match api::send_batch(&batch).await {
                Ok(answers) => {
                    for record in ready {
                        let answer = answers.iter().find(|answer| answer.id == record.id);
                        let sent = match answer {
                            Some(answer) if (200..300).contains(&answer.status) => {
                                (SendOutcome::Acknowledged, true, None)
                            }
                            Some(answer) => (
                                send_outcome(Some(answer.status)),
                                true,
                                answer.error.as_ref().map(|error| error.message.clone()),
                            ),
                            None => (SendOutcome::Retry, true, None),
                        };
                        answered.push((record, sent));
                    }
                }
                Err(failure) => {
                    let sent = failed(&failure);
                    answered.extend(ready.into_iter().map(|record| (record, sent.clone())));
                }
            }
        }
        // In the order they were queued, so a stop keeps the later ones waiting.
        answered.extend(held_back);
        answered.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id));
        answered
    }
}

/// What came of sending a record, whether the server answered at all, and the reason to
/// show.
type Sent = (SendOutcome, bool, Option<String>);

/// A capture form's keeping of a record: what is wrong, that it was kept on the phone, and
/// that keeping is under way — the same for every form that writes to the outbox.
#[derive(Clone, Copy)]
pub struct Keeping {
    outbox: Outbox,
    pub error: RwSignal<Option<String>>,
    pub kept: RwSignal<bool>,
    pub busy: RwSignal<bool>,
}

impl Keeping {
    /// For a form of the signed-in account's outbox.
    pub fn with_outbox() -> Self {
        Self {
            outbox: use_outbox(),
            error: RwSignal::new(None),
            kept: RwSignal::new(false),
            busy: RwSignal::new(false),
        }
    }

    /// Keeps `record` (with the photos it names, and `summary` for its line in the outbox)
    /// unless its checks find something wrong, which is shown instead; `emptied` clears the
    /// form for the next record once it is kept.
    pub fn keep<T: CapturedRecord + 'static>(
        self,
        record: T,
        summary: String,
        emptied: impl FnOnce() + 'static,
    ) {
        self.kept.set(false);
        self.error.set(record.problem());
        if self.error.get_untracked().is_some() {
            return;
        }
        self.busy.set(true);
        let photos = record.photos().to_vec();
        spawn_local(async move {
            match self.outbox.add(T::KIND, &record, photos, summary).await {
                Ok(()) => {
                    emptied();
                    self.kept.set(true);
                }
                Err(message) => self.error.set(Some(message)),
            }
            self.busy.set(false);
        });
    }

    /// What is wrong, or that the record waits on the phone: the lines above the button.
    pub fn messages(self) -> impl IntoView {
        let i18n = use_i18n();
        view! {
            {move || self.error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || self.kept.get().then(|| view! { <p class="form-ok" role="status">{move || i18n.staff().outbox_kept}</p> })}
        }
    }
}

/// Keeps a capture form's words on the phone as they are typed, per account and kind
/// (`typed` reads them), and puts them back (`restore`) when the form opens again: a
/// report half typed when the phone rang is still there.
pub fn keep_draft<T: Serialize + DeserializeOwned>(
    kind: Capture,
    typed: impl Fn() -> T + 'static,
    restore: impl Fn(T) + 'static,
) {
    let session = use_session();
    let restored = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let Some(owner) = session.me.get().map(|me| me.id) else {
            return;
        };
        let key = format!("yinong.draft.{}.{owner}", kind.code());
        let storage = crate::local_storage();
        if restored.get_value() != Some(owner) {
            restored.set_value(Some(owner));
            let draft = storage
                .as_ref()
                .and_then(|storage| storage.get_item(&key).ok().flatten())
                .and_then(|text| serde_json::from_str::<T>(&text).ok());
            if let Some(draft) = draft {
                restore(draft);
            }
        }
        // Read on every run, so every word typed runs this again.
        if let (Some(storage), Ok(text)) = (storage, serde_json::to_string(&typed())) {
            let _ = storage.set_item(&key, &text);
        }
    });
}

/// Under something sent back for correction (`returned`), the button that puts it in its
/// form again (`correct`); sent from there, it is a new record.
pub fn correct_button<T: Clone + Send + Sync + 'static>(
    returned: Option<T>,
    correct: impl Fn(T) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    returned.map(|item| {
        view! {
            <button type="button" class="button secondary" on:click=move |_| correct(item.clone())>
                {move || i18n.portal().correct_and_resend}
            </button>
        }
    })
}

/// The outbox's records of `kind`, each with its state, and sending now.
#[component]
pub fn OutboxList(kind: Capture) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let mine = move || {
        outbox
            .records
            .get()
            .into_iter()
            .filter(|record| record.kind == kind)
            .collect::<Vec<_>>()
    };
    let unsent = move || {
        mine()
            .iter()
            .filter(|r| r.state != OutboxState::Sent)
            .count()
    };
    let state_tag = move |state: OutboxState| {
        let staff = i18n.staff();
        match state {
            OutboxState::Waiting => ("tag tag-warn", staff.outbox_state_waiting),
            OutboxState::Sending => ("tag tag-warn", staff.outbox_state_sending),
            OutboxState::Sent => ("tag tag-ok", staff.outbox_state_sent),
            OutboxState::NeedsAttention => ("tag tag-bad", staff.outbox_state_attention),
        }
    };
    view! {
        <section class="outbox" aria-labelledby="outbox-title">
            <header class="request-head">
                <h2 class="section-title" id="outbox-title">
                    {move || i18n.staff().outbox_title}" "{unsent}
                </h2>
                <button type="button" class="button secondary" on:click=move |_| outbox.sync()
                    disabled=move || unsent() == 0>
                    {move || i18n.staff().outbox_sync_now}
                </button>
            </header>
            {move || outbox.unavailable.get().then(|| view! {
                <p class="form-error" role="alert">{move || i18n.staff().outbox_unavailable}</p>
            })}
            {move || outbox.progress.get().map(|(done, of)| view! {
                <p class="note" role="status">
                    {move || i18n.staff().outbox_sending_progress}" "{done + 1}" / "{of}
                    <progress max=of value=done></progress>
                </p>
            })}
            {move || {
                let records = mine();
                if unsent() == 0 && records.is_empty() {
                    return view! { <p class="note">{move || i18n.staff().outbox_empty}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {records.into_iter().map(|record| {
                            let (class, label) = state_tag(record.state);
                            let (retried, discarded) = (record.id.clone(), record.id.clone());
                            let attention = record.state == OutboxState::NeedsAttention;
                            view! {
                                <li class="request queue-card outbox-record" data-state=format!("{:?}", record.state)>
                                    <header class="request-head">
                                        <span class="request-item">{record.summary}</span>
                                        <span class=class>{label}</span>
                                    </header>
                                    {record.photos.len().gt(&0).then(|| view! {
                                        <p class="note">"📷 "{record.photos.len()}</p>
                                    })}
                                    {record.problem.map(|problem| view! {
                                        <p class=if attention { "form-error" } else { "note" }>{problem}</p>
                                    })}
                                    {attention.then(|| view! {
                                        <div class="review-buttons">
                                            <button type="button" class="button" on:click=move |_| outbox.retry(&retried)>
                                                {move || i18n.staff().outbox_retry}
                                            </button>
                                            <button type="button" class="button secondary" on:click=move |_| outbox.discard(&discarded)>
                                                {move || i18n.staff().outbox_discard}
                                            </button>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
