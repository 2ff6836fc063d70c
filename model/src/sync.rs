//! Offline capture: what an informant records on the phone waits in an outbox under an id
//! the phone gave it (a UUIDv7), and is sent when there is a network. The server keeps the
//! first arrival of each id: the same record sent again gets the first result, other
//! content under a used id is a conflict. These are the rules both sides share.

use crate::review::ReviewedAt;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// `xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase: a UUID version 7 as the phone
/// writes it.
pub fn is_client_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(at, &b)| match at {
            8 | 13 | 18 | 23 => b == b'-',
            14 => b == b'7',
            19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// A UUIDv7 (RFC 9562) from the Unix time in milliseconds and ten random bytes: ids sort
/// by the moment of capture, and two phones never pick the same one.
pub fn uuid_v7(unix_millis: u64, random: [u8; 10]) -> String {
    let mut bytes = [0_u8; 16];
    bytes[..6].copy_from_slice(&unix_millis.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&random);
    bytes[6] = 0x70 | (bytes[6] & 0x0F);
    bytes[8] = 0x80 | (bytes[8] & 0x3F);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A record captured on a phone and sent from its outbox: its kind, the checks it must
/// pass (before the phone keeps it, and again when the server receives it), and the photos
/// it names (sent before it).
pub trait CapturedRecord: Serialize + DeserializeOwned {
    const KIND: Capture;
    fn problem(&self) -> Option<String>;
    fn photos(&self) -> &[String] {
        &[]
    }
}

/// What an outbox record is, and where it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// A market price report (`yinong_model::price::NewPriceReport`).
    Price,
    /// News for the village page (`yinong_model::news::NewNews`).
    News,
    /// A pest, disease or disaster report (`yinong_model::incident::NewIncident`).
    Incident,
    /// 代办 services done at the station (`yinong_model::request::NewServiceLog`).
    ServiceLog,
    /// A 供求 post made for a farmer (`yinong_model::listing::NewListing` with the
    /// farmer's number).
    Listing,
    /// Work posted for someone (`yinong_model::jobs::NewJobPost` with their number).
    Job,
}

impl Capture {
    /// The kind as the server keeps it with a record's id.
    pub fn code(self) -> &'static str {
        match self {
            Self::Price => "price",
            Self::News => "news",
            Self::Incident => "incident",
            Self::ServiceLog => "service_log",
            Self::Listing => "listing",
            Self::Job => "job",
        }
    }

    /// Where records of this kind live on the API.
    fn base(self) -> &'static str {
        match self {
            Self::Price => "/api/prices/reports",
            Self::News => "/api/news",
            Self::Incident => "/api/incidents",
            Self::ServiceLog => "/api/service-log",
            Self::Listing => "/api/listings",
            Self::Job => "/api/jobs",
        }
    }

    /// `PUT` here to send record `client_id`.
    pub fn path(self, client_id: &str) -> String {
        format!("{}/{client_id}", self.base())
    }

    /// Where reviewers decide on stored records of this kind (the kinds that are reviewed
    /// before they are published; a service log is not).
    pub fn reviewed_at(self) -> ReviewedAt {
        ReviewedAt(self.base())
    }
}

/// `POST` a batch of outbox records here (see [`OutboxBatch`]).
pub const BATCH_PATH: &str = "/api/outbox";

/// At most this many records go in one batch…
pub const BATCH_MAX_RECORDS: usize = 25;
/// …and at most this many bytes of them (the server takes JSON bodies up to 256 KB).
pub const BATCH_MAX_BYTES: usize = 192 * 1024;

/// Several outbox records sent in one request, each stored (or refused) on its own as if
/// it had been `PUT` to its kind's [`Capture::path`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OutboxBatch {
    pub records: Vec<BatchedRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BatchedRecord {
    pub kind: Capture,
    /// The client id (UUIDv7).
    pub id: String,
    /// The record, as its kind's `PUT` takes it.
    pub record: serde_json::Value,
}

/// What became of each record of a batch, in the batch's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BatchAnswer {
    pub answers: Vec<RecordAnswer>,
}

/// The HTTP status the record would have got alone (201 stored now, 200 stored before,
/// 4xx refused, 5xx failed) and, for a failure, the error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RecordAnswer {
    pub id: String,
    pub status: u16,
    pub error: Option<crate::error::ErrorDetail>,
}

/// The waiting records' bodies cut into batches (indexes into `sizes`, in order) that keep
/// to [`BATCH_MAX_RECORDS`] and [`BATCH_MAX_BYTES`]; a record larger than the byte limit
/// alone goes in a batch of its own (the server answers it as it answers any body too large).
pub fn batches(sizes: &[usize]) -> Vec<Vec<usize>> {
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut bytes = 0;
    for (index, &size) in sizes.iter().enumerate() {
        match batches.last_mut() {
            Some(batch) if batch.len() < BATCH_MAX_RECORDS && bytes + size <= BATCH_MAX_BYTES => {
                batch.push(index);
                bytes += size;
            }
            _ => {
                batches.push(vec![index]);
                bytes = size;
            }
        }
    }
    batches
}

/// Where a record in the outbox stands, as its row on the phone shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Kept on the phone until there is a network.
    Waiting,
    Sending,
    /// The server acknowledged it; it leaves the outbox.
    Sent,
    /// The server refused it for a reason a retry cannot fix; the informant must act.
    NeedsAttention,
}

/// What to do after sending a record got an HTTP `status` (`None`: no answer at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// Acknowledged (new or already kept): the record may leave the outbox.
    Acknowledged,
    /// Try again later: no network, the server down or busy.
    Retry,
    /// The account must sign in again; the record waits.
    SignIn,
    /// The server refused the record as it is (bad content, a conflict, no permission).
    Refused,
}

pub fn send_outcome(status: Option<u16>) -> SendOutcome {
    match status {
        None | Some(408 | 425 | 429 | 500..=599) => SendOutcome::Retry,
        Some(200..=299) => SendOutcome::Acknowledged,
        Some(401) => SendOutcome::SignIn,
        Some(_) => SendOutcome::Refused,
    }
}

/// A record the server keeps answering with an error is set aside (it needs the
/// informant's attention) after this many tries, once other records got through since it
/// first failed: the fault is the record's, not the network's or the server's, and it must
/// not hold back the records behind it.
pub const SET_ASIDE_AFTER: u32 = 3;

/// Whether a record the server answered with an error `failures` times, while
/// `others_through` other records were acknowledged since the first, is set aside.
pub fn set_aside(failures: u32, others_through: u32) -> bool {
    failures >= SET_ASIDE_AFTER && others_through > 0
}

/// Seconds to wait before the `attempt`-th retry (from 1): doubling from 2 s up to 5 min,
/// so a phone on a bad line does not drain its battery or the server.
pub fn retry_delay_secs(attempt: u32) -> u32 {
    2_u32.saturating_pow(attempt.clamp(1, 20)).min(300)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_records_are_cut_into_batches_by_count_and_bytes() {
        assert!(batches(&[]).is_empty());
        let small = vec![100; BATCH_MAX_RECORDS * 2 + 1];
        let cut = batches(&small);
        assert_eq!(
            cut.iter().map(Vec::len).collect::<Vec<_>>(),
            [BATCH_MAX_RECORDS, BATCH_MAX_RECORDS, 1]
        );
        assert_eq!(
            cut.concat(),
            (0..small.len()).collect::<Vec<_>>(),
            "in order, all"
        );
        let big = BATCH_MAX_BYTES / 2 + 1;
        assert_eq!(batches(&[big, big, 10]), [vec![0], vec![1, 2]]);
        assert_eq!(batches(&[BATCH_MAX_BYTES * 2, 10]), [vec![0], vec![1]]);
    }

    #[test]
    fn a_record_is_set_aside_only_when_it_keeps_failing_while_others_go_through() {
        assert!(
            !set_aside(SET_ASIDE_AFTER - 1, 5),
            "not before its tries are spent"
        );
        assert!(
            !set_aside(SET_ASIDE_AFTER + 5, 0),
            "the server is down for everyone"
        );
        assert!(set_aside(SET_ASIDE_AFTER, 1));
    }

    #[test]
    fn each_captured_record_goes_to_its_own_endpoint_and_is_checked_before_it_is_kept() {
        use crate::incident::NewIncident;
        use crate::jobs::NewJobPost;
        use crate::listing::NewListing;
        use crate::news::NewNews;
        use crate::price::NewPriceReport;
        use crate::request::NewServiceLog;
        let id = "01900000-0001-7fff-bfff-ffffffffffff";
        let paths = [
            NewPriceReport::KIND.path(id),
            NewNews::KIND.path(id),
            NewIncident::KIND.path(id),
            NewServiceLog::KIND.path(id),
            NewListing::KIND.path(id),
            NewJobPost::KIND.path(id),
        ];
        assert_eq!(
            paths.map(|path| path.replace(id, "")),
            [
                "/api/prices/reports/",
                "/api/news/",
                "/api/incidents/",
                "/api/service-log/",
                "/api/listings/",
                "/api/jobs/",
            ]
            .map(str::to_owned)
        );
        let empty_news = NewNews {
            title: String::new(),
            body: String::new(),
            photos: vec!["a".repeat(64)],
        };
        assert!(empty_news.problem().is_some(), "a news item needs a title");
        assert_eq!(empty_news.photos(), ["a".repeat(64)]);
    }

    #[test]
    fn a_v7_id_carries_its_time_version_and_variant() {
        let id = uuid_v7(0x0190_0000_0001, [0xFF; 10]);
        assert_eq!(id, "01900000-0001-7fff-bfff-ffffffffffff");
        assert!(is_client_id(&id));
        let zero = uuid_v7(1, [0; 10]);
        assert_eq!(zero, "00000000-0001-7000-8000-000000000000");
        assert!(is_client_id(&zero));
    }

    #[test]
    fn each_kind_is_sent_and_reviewed_under_its_own_path() {
        let id = "01900000-0001-7fff-bfff-ffffffffffff";
        assert_eq!(Capture::Price.path(id), format!("/api/prices/reports/{id}"));
        assert_eq!(
            Capture::News.reviewed_at().review_path(7),
            "/api/news/7/review"
        );
        assert_eq!(
            Capture::Incident.reviewed_at().review_path(7),
            "/api/incidents/7/review"
        );
        assert_eq!(
            Capture::Price.reviewed_at().approve_path(),
            "/api/prices/reports/approve"
        );
        assert_eq!(
            Capture::ServiceLog.path(id),
            format!("/api/service-log/{id}")
        );
    }

    #[test]
    fn ids_sort_by_capture_time() {
        let earlier = uuid_v7(1_780_000_000_000, [0xFF; 10]);
        let later = uuid_v7(1_780_000_000_001, [0; 10]);
        assert!(earlier < later);
    }

    #[test]
    fn only_lowercase_v7_ids_are_client_ids() {
        assert!(
            !is_client_id("01900000-0001-4fff-bfff-ffffffffffff"),
            "version 4"
        );
        assert!(
            !is_client_id("01900000-0001-7fff-cfff-ffffffffffff"),
            "variant"
        );
        assert!(
            !is_client_id("01900000-0001-7FFF-bfff-ffffffffffff"),
            "uppercase"
        );
        assert!(
            !is_client_id("0190000000017fffbfffffffffffffff"),
            "no dashes"
        );
        assert!(!is_client_id("../../etc/passwd"));
    }

    #[test]
    fn retries_only_for_what_a_retry_can_fix() {
        assert_eq!(send_outcome(None), SendOutcome::Retry);
        assert_eq!(send_outcome(Some(503)), SendOutcome::Retry);
        assert_eq!(send_outcome(Some(429)), SendOutcome::Retry);
        assert_eq!(send_outcome(Some(200)), SendOutcome::Acknowledged);
        assert_eq!(send_outcome(Some(201)), SendOutcome::Acknowledged);
        assert_eq!(send_outcome(Some(401)), SendOutcome::SignIn);
        assert_eq!(send_outcome(Some(409)), SendOutcome::Refused);
        assert_eq!(send_outcome(Some(400)), SendOutcome::Refused);
    }

    #[test]
    fn backoff_doubles_and_stops_at_five_minutes() {
        assert_eq!(retry_delay_secs(1), 2);
        assert_eq!(retry_delay_secs(2), 4);
        assert_eq!(retry_delay_secs(8), 256);
        assert_eq!(retry_delay_secs(9), 300);
        assert_eq!(retry_delay_secs(1000), 300);
    }
}
