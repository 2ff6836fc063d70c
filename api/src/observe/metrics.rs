//! The server's figures for Prometheus: requests by route and status with their latency,
//! outbox records by what became of them, refused sign-ins, and the database pool. Each
//! server keeps its own registry (tests run several servers in one process).

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use yinong_store::PoolUsage;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// What became of a record sent under a receipt (an outbox record or a farmer's request
/// under an idempotency key).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum SyncOutcome {
    /// Stored now.
    Stored,
    /// Sent again; answered as the first time.
    Resent,
    /// Another content under a used id (409).
    Conflict,
    /// Refused by the rules (4xx) or failed (5xx).
    Refused,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: SyncOutcome,
}

/// How a refused sign-in was tried.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, EncodeLabelValue)]
pub enum SignInMethod {
    Password,
    Code,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SignInLabels {
    method: SignInMethod,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    sync: Family<OutcomeLabels, Counter>,
    refused_sign_ins: Family<SignInLabels, Counter>,
    pool: Family<PoolLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("yinong");
        let requests = Family::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        // 1 ms to ~16 s: a cached page to a slow upload over a weak network.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.001, 2.0, 15))) as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route",
            latency.clone(),
        );
        let sync = Family::default();
        registry.register(
            "sync_records",
            "Records sent under a receipt, by what became of them",
            sync.clone(),
        );
        let refused_sign_ins = Family::default();
        registry.register(
            "sign_ins_refused",
            "Sign-ins refused (wrong password or code, throttled, stopped account)",
            refused_sign_ins.clone(),
        );
        let pool = Family::default();
        registry.register(
            "database_connections",
            "Database pool connections, in use or idle",
            pool.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            sync,
            refused_sign_ins,
            pool,
        }
    }
}

impl Metrics {
    pub fn answered(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let route = route.to_owned();
        let method = method.to_owned();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.clone(),
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    pub fn synced(&self, outcome: SyncOutcome) {
        self.sync.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    pub fn sign_in_refused(&self, method: SignInMethod) {
        self.refused_sign_ins
            .get_or_create(&SignInLabels { method })
            .inc();
    }

    /// The registry as Prometheus reads it, with the pool as it is now.
    pub fn render(&self, pool: PoolUsage) -> String {
        let idle = pool.idle as i64;
        self.pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(idle);
        self.pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(i64::from(pool.open) - idle);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String does not fail");
        text
    }
}
