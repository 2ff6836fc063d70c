//! `cargo xtask bench burst` and `cargo xtask bench soak`: the server under a morning rush
//! of phones and under a steady working day, on both engines. Figures, not pass/fail.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use yinong_model::sync::{batches, BatchAnswer, BATCH_PATH};

use crate::http::Connection;
use crate::process::{self, command};
use crate::scratch::Scratch;
use crate::Result;

/// The release server on one database at one address, started again after being killed.
struct Serving {
    binary: PathBuf,
    url: String,
    address: String,
    child: std::process::Child,
}

impl Serving {
    fn start(binary: &Path, url: &str) -> Result<Self> {
        let address = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
            probe.local_addr().map_err(|e| e.to_string())?.to_string()
        };
        let child = Self::spawn(binary, url, &address)?;
        Ok(Self {
            binary: binary.to_owned(),
            url: url.to_owned(),
            address,
            child,
        })
    }

    fn spawn(binary: &Path, url: &str, address: &str) -> Result<std::process::Child> {
        let child = std::process::Command::new(binary)
            .args([
                "--database-url",
                url,
                "serve",
                "--listen",
                address,
                "--dist",
            ])
            .arg(crate::app::dist())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        for _ in 0..600 {
            if let Ok(mut http) = Connection::open(address) {
                if http.get("/api/health").is_ok_and(|r| r.status == 200) {
                    return Ok(child);
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("the server did not start".into())
    }

    /// SIGKILL, then the same server on the same database and address.
    fn kill_and_restart(&mut self) -> Result {
        self.child.kill().map_err(|e| e.to_string())?;
        let _ = self.child.wait();
        self.child = Self::spawn(&self.binary, &self.url, &self.address)?;
        Ok(())
    }

    /// The server's resident memory, from /proc.
    fn resident_bytes(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|line| line.strip_prefix("VmRSS:"))
                    .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            })
            .map_or(0, |kb| kb * 1024)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Signs `login` in with the demo password over a new connection.
fn signed_in(address: &str, login: &str) -> Result<Connection> {
    let mut http = Connection::open(address)?;
    let body = format!(r#"{{"login":"{login}","password":"yinong-demo-2026"}}"#);
    let answer = http.post_json("/api/auth/login", &body)?;
    if answer.status != 200 {
        return Err(format!("{login} signing in answered {}", answer.status));
    }
    Ok(http)
}

/// The same numbers every run: a small linear congruential generator.
struct Dice(u64);

impl Dice {
    fn roll(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Default)]
struct Tally {
    server_errors: usize,
    latencies_ms: Vec<f64>,
    /// Sends whose answer the phone never read.
    answers_lost: usize,
    /// Sends cut off with the connection (the server killed), sent again.
    cut_off: usize,
}

const PHONES: usize = 500;
const RECORDS: usize = 20_000;
const ANSWERS_LOST: f64 = 0.10;

/// 500 phones, each its own signed-in informant of a village of 许庄街道, send 20,000 price
/// reports in the outbox's batches, every batch twice (the second as after a lost answer);
/// a tenth of the answers are lost on the way back, and the server is killed (SIGKILL) once
/// a third of the way in and started again. Afterwards the database is counted: every
/// record stored once.
pub fn burst(server: &Path) -> Result {
    let scratch = Scratch::new("burst")?;
    println!(
        "
a morning rush: {PHONES} phones, {RECORDS} records in batches each sent twice, {:.0}% of answers lost, the server killed once:",
        ANSWERS_LOST * 100.0
    );
    println!(
        "  {:<11} {:>8} {:>13} {:>8} {:>6} {:>6} {:>11} {:>9} {:>9} {:>8}",
        "engine",
        "answered",
        "answers lost",
        "cut off",
        "5xx",
        "lost",
        "duplicated",
        "p50 ms",
        "p95 ms",
        "seconds"
    );
    for (backend, url) in scratch.engines() {
        burst_on(server, backend, url)?;
    }
    scratch.remove()
}

fn burst_on(server: &Path, backend: &str, url: &str) -> Result {
    process::output(command(server).args(["--database-url", url]).args([
        "bench-informants",
        "--count",
        &PHONES.to_string(),
    ]))
    .ok_or("making the informants failed")?;
    let mut serving = Serving::start(server, url)?;
    let address = serving.address.clone();
    let run = chrono::Utc::now().timestamp_millis() as u64;
    let prefix = format!("冲{}-", run % 100_000);
    // Signed in before the rush: password hashing is the sign-in bench's to measure.
    let mut phones = Vec::with_capacity(PHONES);
    for n in 0..PHONES {
        phones.push(signed_in(&address, &format!("bench-informant-{n}"))?);
    }
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let sent = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let per_phone = RECORDS / PHONES;
    let total_requests = PHONES * per_phone.div_ceil(yinong_model::sync::BATCH_MAX_RECORDS) * 2;
    let started = Instant::now();
    let handles: Vec<_> = phones
        .into_iter()
        .enumerate()
        .map(|(phone, mut http)| {
            let (sent, stop, tally, prefix) =
                (sent.clone(), stop.clone(), tally.clone(), prefix.clone());
            std::thread::spawn(move || -> Result {
                let mut dice = Dice(phone as u64 + 1);
                let records: Vec<serde_json::Value> = (0..per_phone)
                    .map(|n| {
                        let id = yinong_model::sync::uuid_v7(
                            run + (phone * per_phone + n) as u64,
                            [phone as u8; 10],
                        );
                        serde_json::json!({ "kind": "price", "id": id, "record": {
                            "product": format!("{prefix}{phone}-{n}"), "grade": "", "unit": "斤",
                            "price": format!("{}.5", n % 90 + 1), "market": "许庄集贸市场",
                            "observed_on": today.to_string(), "photos": [],
                        }})
                    })
                    .collect();
                let sizes: Vec<usize> = records.iter().map(|r| r.to_string().len()).collect();
                for batch in batches(&sizes) {
                    let body = serde_json::json!({
                        "records": batch.iter().map(|&at| &records[at]).collect::<Vec<_>>(),
                    })
                    .to_string();
                    for _ in 0..2 {
                        send_until_answered(&mut http, &body, &mut dice, &tally, &stop)?;
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Ok(())
            })
        })
        .collect();
    while sent.load(Ordering::Relaxed) < total_requests / 3 {
        std::thread::sleep(Duration::from_millis(20));
    }
    serving.kill_and_restart()?;
    let mut failures = Vec::new();
    for handle in handles {
        if let Err(failure) = handle.join().map_err(|_| "a phone panicked".to_owned())? {
            failures.push(failure);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    if let Some(failure) = failures.first() {
        return Err(format!("{} phones gave up: {failure}", failures.len()));
    }
    drop(serving);
    let counted = process::output(command(server).args(["--database-url", url]).args([
        "bench-count-reports",
        "--prefix",
        &prefix,
    ]))
    .ok_or("counting the reports failed")?;
    let numbers: Vec<usize> = counted
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [rows, distinct] = numbers[..] else {
        return Err(format!("counting printed “{}”", counted.trim()));
    };
    let mut tally = tally.lock().map_err(|_| "the tally")?;
    tally.latencies_ms.sort_by(f64::total_cmp);
    let percentile = |share: f64| {
        let sorted = &tally.latencies_ms;
        sorted[((sorted.len() - 1) as f64 * share) as usize]
    };
    println!(
        "  {backend:<11} {:>8} {:>13} {:>8} {:>6} {:>6} {:>11} {:>9.1} {:>9.1} {:>8.1}",
        tally.latencies_ms.len(),
        tally.answers_lost,
        tally.cut_off,
        tally.server_errors,
        PHONES * per_phone - distinct,
        rows - distinct,
        percentile(0.5),
        percentile(0.95),
        seconds
    );
    Ok(())
}

/// Sends one batch until the phone has its answer: through connections cut by a killed
/// server (tried again after a pause) and answers lost on the way (sent again). Every
/// answer the phone reads is tallied.
fn send_until_answered(
    http: &mut Connection,
    body: &str,
    dice: &mut Dice,
    tally: &Mutex<Tally>,
    stop: &AtomicBool,
) -> Result {
    for _ in 0..600 {
        if stop.load(Ordering::Relaxed) {
            return Err("stopped".into());
        }
        if dice.roll() < ANSWERS_LOST {
            let lost = http.post_json_losing_answer(BATCH_PATH, body);
            let mut tally = tally.lock().map_err(|_| "the tally")?;
            if lost.is_err() {
                tally.cut_off += 1;
                drop(tally);
                pause_and_reopen(http);
            } else {
                tally.answers_lost += 1;
            }
            continue;
        }
        let asked = Instant::now();
        let answer = match http.post_json(BATCH_PATH, body) {
            Ok(answer) => answer,
            Err(_) => {
                tally.lock().map_err(|_| "the tally")?.cut_off += 1;
                pause_and_reopen(http);
                continue;
            }
        };
        let took = asked.elapsed().as_secs_f64() * 1e3;
        let mut tally = tally.lock().map_err(|_| "the tally")?;
        tally.latencies_ms.push(took);
        if answer.status >= 500 {
            tally.server_errors += 1;
            continue;
        }
        if answer.status != 200 {
            return Err(format!(
                "a batch answered {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        let answers: BatchAnswer =
            serde_json::from_slice(&answer.body).map_err(|e| format!("a batch's answer: {e}"))?;
        let failed = answers.answers.iter().filter(|a| a.status >= 500).count();
        tally.server_errors += failed;
        if let Some(refused) = answers
            .answers
            .iter()
            .find(|a| (300..500).contains(&a.status))
        {
            return Err(format!("a record was refused: {refused:?}"));
        }
        if failed == 0 {
            return Ok(());
        }
    }
    Err("a batch never got its answer".into())
}

fn pause_and_reopen(http: &mut Connection) {
    std::thread::sleep(Duration::from_millis(200));
    let _ = http.reopen();
}

/// How long the soak runs, unless `YINONG_SOAK_SECONDS` says otherwise.
const SOAK_SECONDS: u64 = 600;

/// A steady working day compressed: for ten minutes on each engine, 20 farmers read the
/// village page, the market prices, the 供求 and job boards and the notices; 10 informants
/// each send a batch of five price reports every half second; 许庄街道 approves what waits,
/// a page at a time. Printed: requests, errors, the server's memory at the start and the
/// end, and the database's size (with SQLite's write-ahead log) at the end.
pub fn soak(server: &Path) -> Result {
    let seconds = std::env::var("YINONG_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SOAK_SECONDS);
    let scratch = Scratch::new("soak")?;
    println!(
        "
a steady day for {seconds} s: 20 farmers reading, 10 informants sending, a township approving:"
    );
    println!(
        "  {:<11} {:>9} {:>7} {:>10} {:>10} {:>12} {:>10}",
        "engine", "requests", "errors", "RSS start", "RSS end", "database", "WAL"
    );
    for (backend, url) in scratch.engines() {
        soak_on(server, backend, url, Duration::from_secs(seconds))?;
    }
    scratch.remove()
}

fn soak_on(server: &Path, backend: &str, url: &str, length: Duration) -> Result {
    const VILLAGE: &str = "370811002212";
    process::output(command(server).args(["--database-url", url]).args([
        "bench-informants",
        "--count",
        "10",
    ]))
    .ok_or("making the informants failed")?;
    let serving = Serving::start(server, url)?;
    let address = serving.address.clone();
    let rss_start = serving.resident_bytes();
    let until = Instant::now() + length;
    let requests = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let count = |answer: Result<crate::http::Response>,
                 what: &str,
                 requests: &AtomicUsize,
                 errors: &Mutex<Vec<String>>| {
        requests.fetch_add(1, Ordering::Relaxed);
        let problem = match answer {
            Ok(answer) if answer.status < 400 => return,
            Ok(answer) => format!("{what}: {}", answer.status),
            Err(error) => format!("{what}: {error}"),
        };
        if let Ok(mut errors) = errors.lock() {
            errors.push(problem);
        }
    };
    let mut handles = Vec::new();
    for farmer in 0..20 {
        let (address, requests, errors) = (address.clone(), requests.clone(), errors.clone());
        handles.push(std::thread::spawn(move || -> Result {
            let mut http = Connection::open(&address)?;
            let pages = [
                format!("/api/villages/{VILLAGE}/home"),
                "/api/prices?within=370811".to_owned(),
                "/api/listings?within=370811".to_owned(),
                "/api/jobs?within=370811".to_owned(),
                format!("/api/bulletins?for={VILLAGE}"),
            ];
            let mut n = farmer;
            while Instant::now() < until {
                let page = &pages[n % pages.len()];
                count(http.get(page), page, &requests, &errors);
                n += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(())
        }));
    }
    let run = chrono::Utc::now().timestamp_millis() as u64;
    for informant in 0..10 {
        let (address, requests, errors) = (address.clone(), requests.clone(), errors.clone());
        handles.push(std::thread::spawn(move || -> Result {
            let mut http = signed_in(&address, &format!("bench-informant-{informant}"))?;
            let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
            let mut n = 0_u64;
            while Instant::now() < until {
                let records: Vec<serde_json::Value> = (0..5)
                    .map(|_| {
                        n += 1;
                        let id = yinong_model::sync::uuid_v7(run + n, [informant as u8; 10]);
                        serde_json::json!({ "kind": "price", "id": id, "record": {
                            "product": format!("日常{informant}-{n}"), "grade": "", "unit": "斤",
                            "price": format!("{}.5", n % 90 + 1), "market": "许庄集贸市场",
                            "observed_on": today.to_string(), "photos": [],
                        }})
                    })
                    .collect();
                let body = serde_json::json!({ "records": records }).to_string();
                let answer = http.post_json(BATCH_PATH, &body);
                let stored_each = answer.as_ref().is_ok_and(|answer| {
                    serde_json::from_slice::<BatchAnswer>(&answer.body)
                        .is_ok_and(|batch| batch.answers.iter().all(|a| a.status == 201))
                });
                if !stored_each && answer.as_ref().is_ok_and(|a| a.status == 200) {
                    count(
                        Err("a record was not stored".into()),
                        BATCH_PATH,
                        &requests,
                        &errors,
                    );
                } else {
                    count(answer, BATCH_PATH, &requests, &errors);
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            Ok(())
        }));
    }
    {
        let (address, requests, errors) = (address.clone(), requests.clone(), errors.clone());
        handles.push(std::thread::spawn(move || -> Result {
            let mut http = signed_in(&address, "rencheng-township")?;
            let queue = "/api/prices/reports/review?status=pending";
            while Instant::now() < until {
                let waiting = http.get(queue);
                let ids: Vec<i64> = waiting
                    .as_ref()
                    .ok()
                    .and_then(|answer| {
                        serde_json::from_slice::<yinong_model::price::PriceReportPage>(&answer.body)
                            .ok()
                    })
                    .map(|page| page.reports.iter().map(|report| report.id).collect())
                    .unwrap_or_default();
                count(waiting, queue, &requests, &errors);
                if !ids.is_empty() {
                    let body = serde_json::json!({ "ids": ids }).to_string();
                    let path = "/api/prices/reports/approve";
                    count(http.post_json(path, &body), path, &requests, &errors);
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            Ok(())
        }));
    }
    for handle in handles {
        handle
            .join()
            .map_err(|_| "a client panicked".to_owned())??;
    }
    let rss_end = serving.resident_bytes();
    drop(serving);
    let (database, wal) = database_size(url)?;
    let errors = errors.lock().map_err(|_| "the errors")?;
    let mib = |bytes: u64| format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0));
    println!(
        "  {backend:<11} {:>9} {:>7} {:>10} {:>10} {:>12} {:>10}",
        requests.load(Ordering::Relaxed),
        errors.len(),
        mib(rss_start),
        mib(rss_end),
        mib(database),
        mib(wal)
    );
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    for error in errors.iter() {
        *kinds.entry(error.as_str()).or_default() += 1;
    }
    for (error, times) in kinds.iter().take(5) {
        println!("    {times} × {error}");
    }
    Ok(())
}

/// The database's size and its write-ahead log's: the SQLite file and its `-wal` file, or
/// PostgreSQL's `pg_database_size` and its WAL directory.
fn database_size(url: &str) -> Result<(u64, u64)> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let size = |path: &str| std::fs::metadata(path).map_or(0, |m| m.len());
        return Ok((size(path), size(&format!("{path}-wal"))));
    }
    let query = "SELECT pg_database_size(current_database()), \
        (SELECT COALESCE(SUM(size), 0) FROM pg_ls_waldir())";
    let printed = process::output(command("psql").args([url, "-Atc", query]))
        .ok_or("psql could not size the database")?;
    let mut sizes = printed.trim().split('|').filter_map(|n| n.parse().ok());
    match (sizes.next(), sizes.next()) {
        (Some(database), Some(wal)) => Ok((database, wal)),
        _ => Err(format!("psql printed “{}”", printed.trim())),
    }
}

const MIX_PHONES: usize = 60;
const MIX_BATCHES: usize = 30;

/// A province's write mix on PostgreSQL against one server, then against two on the same
/// database (phones split between them, as a proxy would): 60 informants each send 30 full
/// batches, half price reports and half pest reports. Printed for each: records a second
/// and the p50/p95 of a batch's answer.
pub fn servers(server: &Path) -> Result {
    let scratch = Scratch::new("servers")?;
    let url = scratch.postgres.clone();
    process::output(command(server).args(["--database-url", &url]).args([
        "bench-informants",
        "--count",
        &MIX_PHONES.to_string(),
    ]))
    .ok_or("making the informants failed")?;
    println!(
        "
the write mix on PostgreSQL, {MIX_PHONES} phones × {MIX_BATCHES} batches of {} (prices and pest reports):",
        yinong_model::sync::BATCH_MAX_RECORDS
    );
    println!(
        "  {:<12} {:>8} {:>8} {:>10} {:>8} {:>8} {:>5}",
        "servers", "records", "seconds", "records/s", "p50 ms", "p95 ms", "5xx"
    );
    let one = Serving::start(server, &url)?;
    let alone = write_mix(&[one.address.as_str()], 0)?;
    println!("  {:<12} {alone}", "one");
    let other = Serving::start(server, &url)?;
    let together = write_mix(&[one.address.as_str(), other.address.as_str()], 1)?;
    println!("  {:<12} {together}", "two");
    println!(
        "  two servers' throughput is {:.2}× one's (both on this machine's 2 cores, with PostgreSQL)",
        together.per_second() / alone.per_second()
    );
    drop((one, other));
    scratch.remove()
}

struct MixFigures {
    records: usize,
    seconds: f64,
    p50_ms: f64,
    p95_ms: f64,
    server_errors: usize,
}

impl MixFigures {
    fn per_second(&self) -> f64 {
        self.records as f64 / self.seconds
    }
}

impl std::fmt::Display for MixFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>8} {:>8.1} {:>10.0} {:>8.1} {:>8.1} {:>5}",
            self.records,
            self.seconds,
            self.per_second(),
            self.p50_ms,
            self.p95_ms,
            self.server_errors
        )
    }
}

/// The mix once, phone `n` sending to `addresses[n % len]`; `round` keeps ids apart.
fn write_mix(addresses: &[&str], round: u8) -> Result<MixFigures> {
    let run = chrono::Utc::now().timestamp_millis() as u64;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let per_batch = yinong_model::sync::BATCH_MAX_RECORDS;
    let mut phones = Vec::with_capacity(MIX_PHONES);
    for n in 0..MIX_PHONES {
        phones.push(signed_in(
            addresses[n % addresses.len()],
            &format!("bench-informant-{n}"),
        )?);
    }
    let started = Instant::now();
    let handles: Vec<_> = phones
        .into_iter()
        .enumerate()
        .map(|(phone, mut http)| {
            std::thread::spawn(move || -> Result<(Vec<f64>, usize)> {
                let mut latencies = Vec::with_capacity(MIX_BATCHES);
                let mut server_errors = 0;
                for batch in 0..MIX_BATCHES {
                    let records: Vec<serde_json::Value> = (0..per_batch)
                        .map(|n| {
                            let serial = ((phone * MIX_BATCHES + batch) * per_batch + n) as u64;
                            let mut random = [phone as u8; 10];
                            random[9] = round;
                            let id = yinong_model::sync::uuid_v7(run + serial, random);
                            if n % 2 == 0 {
                                serde_json::json!({ "kind": "price", "id": id, "record": {
                                    "product": format!("混{run}-{serial}"), "grade": "",
                                    "unit": "斤", "price": format!("{}.5", n + 1),
                                    "market": "许庄集贸市场", "observed_on": today.to_string(),
                                    "photos": [],
                                }})
                            } else {
                                serde_json::json!({ "kind": "incident", "id": id, "record": {
                                    "kind": "pest", "crop": "小麦",
                                    "description": format!("麦蚜发生，百株蚜量约{serial}头"),
                                    "area_mu": "3", "location": null, "photos": [],
                                }})
                            }
                        })
                        .collect();
                    let body = serde_json::json!({ "records": records }).to_string();
                    let asked = Instant::now();
                    let answer = http.post_json(BATCH_PATH, &body)?;
                    latencies.push(asked.elapsed().as_secs_f64() * 1e3);
                    if answer.status != 200 {
                        return Err(format!(
                            "a batch answered {}: {}",
                            answer.status,
                            String::from_utf8_lossy(&answer.body)
                        ));
                    }
                    let answers: BatchAnswer = serde_json::from_slice(&answer.body)
                        .map_err(|e| format!("a batch's answer: {e}"))?;
                    server_errors += answers.answers.iter().filter(|a| a.status >= 500).count();
                    if let Some(refused) = answers.answers.iter().find(|a| a.status != 201) {
                        if refused.status < 500 {
                            return Err(format!("a record was refused: {refused:?}"));
                        }
                    }
                }
                Ok((latencies, server_errors))
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut server_errors = 0;
    for handle in handles {
        let (taken, errors) = handle.join().map_err(|_| "a phone panicked".to_owned())??;
        latencies.extend(taken);
        server_errors += errors;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let percentile = |share: f64| latencies[((latencies.len() - 1) as f64 * share) as usize];
    Ok(MixFigures {
        records: MIX_PHONES * MIX_BATCHES * per_batch,
        seconds,
        p50_ms: percentile(0.5),
        p95_ms: percentile(0.95),
        server_errors,
    })
}
