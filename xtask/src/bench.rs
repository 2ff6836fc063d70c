//! `cargo xtask bench`: figures. Bytes are absolute; times are printed next to a baseline
//! measured in the same run. The run fails at its end, after every figure is printed, when
//! a page misses its target: a route over its first-load budget, a farmer page below its
//! Lighthouse scores.

use std::path::Path;
use std::time::Instant;

use crate::app::{self, brotli_bytes};
use crate::first_load;
use crate::process::{self, command, root};
use crate::scratch::Scratch;
use crate::tools;
use crate::Result;

pub fn run(args: &[String]) -> Result {
    match args.first().map(String::as_str) {
        Some("sync") => return sync_records(&app::build_server()?),
        Some("sign-in") => return sign_in_storm(&app::build_server()?),
        Some("burst") => return crate::rush::burst(&app::build_server()?),
        Some("servers") => return crate::rush::servers(&app::build_server()?),
        Some("national") => return national_import(&app::build_server()?),
        Some("soak") => return crate::rush::soak(&app::build_server()?),
        Some("register") => return register_import(&app::build_server()?),
        Some("pages") => {
            app::build(&tools::ensure_app_tools()?)?;
            let mut missed = first_load::report()?;
            missed.extend(crate::lighthouse::report(&app::build_server()?)?);
            return verdict(missed);
        }
        _ => {}
    }
    let app_tools = tools::ensure_app_tools()?;
    app::build(&app_tools)?;
    let mut missed = first_load::report()?;
    // The map of a city adds its counties' boundaries (sent as they ship).
    let shapes = root()
        .join("api")
        .join("seed")
        .join("geo")
        .join("3708.geojson");
    let bytes = std::fs::read(&shapes).map_err(|e| format!("{}: {e}", shapes.display()))?;
    println!(
        "  + the 济宁 county map's boundaries: {} raw, {} brotli",
        bytes.len(),
        brotli_bytes(&bytes).len()
    );
    let server = app::build_server()?;
    missed.extend(crate::lighthouse::report(&server)?);
    sign_in_storm(&server)?;
    sync_records(&server)?;
    crate::rush::burst(&server)?;
    crate::rush::servers(&server)?;
    crate::rush::soak(&server)?;
    register_import(&server)?;
    national_import(&server)?;
    verdict(missed)
}

fn verdict(missed: Vec<String>) -> Result {
    if missed.is_empty() {
        return Ok(());
    }
    Err(format!("targets missed: {}", missed.join("; ")))
}

/// Rows in the benchmark's station register.
const REGISTER_ROWS: usize = 50_000;

/// A county-to-province register imported from a file on each engine: a station register of
/// [`REGISTER_ROWS`] rows (with 统一编号, 六有 evidence and the informant), over the bundled
/// villages. Times the check alone, the first import and a repeat (nothing changes), each
/// against the check in the same run.
fn register_import(server: &Path) -> Result {
    let bundled = root().join("api/seed/regions/villages.csv.gz");
    let failed = |e: std::io::Error| format!("{}: {e}", bundled.display());
    let villages = std::fs::read(&bundled).map_err(failed)?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&villages[..]), &mut text)
        .map_err(failed)?;
    let villages: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .collect();
    let mut register = String::from(
        "统一编号,行政区划代码,站点名称,站点类型,依托场所,地址,经度,纬度,开放时间,\
         场所面积（平方米）,设备数量,宽带（Mbps）,网页地址,持续运营能力,状态,开始运营日期,\
         信息员姓名,信息员手机,信息员持证\n",
    );
    let rows = (1..=99)
        .flat_map(|serial| villages.iter().map(move |village| (village, serial)))
        .take(REGISTER_ROWS);
    for (n, (village, serial)) in rows.enumerate() {
        register.push_str(&format!(
            "{village}{serial:02},{village},第{n}号益农信息社,标准型,村委会,村委会{serial}号,\
             116.5,35.4,8:00-18:00,40,3,100,https://yn.example/{n},是,运营中,2019-06-30,\
             信息员{n},135{n:08},是\n"
        ));
    }
    let scratch = Scratch::new("register")?;
    let file = scratch.file("stations.csv")?;
    std::fs::write(&file, &register).map_err(|e| format!("{}: {e}", file.display()))?;
    println!(
        "\nstation register import ({REGISTER_ROWS} rows, {} MB CSV; `yinong-api import stations`):",
        register.len() / 1_000_000
    );
    for (backend, url) in scratch.engines() {
        // The first run of the command also sets the database up: not timed.
        import_register(server, url, &file, "check")?;
        let mut check = 0.0;
        for (step, write) in [
            ("check only", "check"),
            ("first import", "all"),
            ("repeat (unchanged)", "all"),
        ] {
            let started = Instant::now();
            let summary = import_register(server, url, &file, write)?;
            let seconds = started.elapsed().as_secs_f64();
            if write == "check" {
                check = seconds;
            }
            println!(
                "  {backend:<11} {step:<20} {seconds:>6.1} s  {:>7.0} rows/s  {:>4.1}× check   {summary}",
                REGISTER_ROWS as f64 / seconds,
                seconds / check
            );
        }
    }
    scratch.remove()
}

/// Runs `yinong-api import stations FILE --write WRITE`; returns its last line (what it wrote).
fn import_register(server: &Path, url: &str, file: &Path, write: &str) -> Result<String> {
    let output = process::output(
        command(server)
            .args(["--database-url", url, "import", "stations"])
            .arg(file)
            .args(["--write", write]),
    )
    .ok_or_else(|| format!("importing the register into {url} failed"))?;
    Ok(output.lines().last().unwrap_or_default().trim().to_owned())
}

/// Loads all 620,573 villages into a fresh SQLite file and a fresh PostgreSQL database,
/// twice each (the second load shows the cost of an idempotent re-run).
fn national_import(server: &Path) -> Result {
    let divisions = root()
        .join("..")
        .join("shared")
        .join("data")
        .join("divisions");
    let Ok(divisions) = std::fs::canonicalize(&divisions) else {
        println!(
            "\nnational import: skipped ({} not found)",
            divisions.display()
        );
        return Ok(());
    };
    let scratch = Scratch::new("national")?;
    println!("\nnational import ({}):", divisions.display());
    for (backend, url) in scratch.engines() {
        for attempt in ["first load", "repeat (idempotent)"] {
            let started = Instant::now();
            let summary = import(server, url, &divisions)?;
            println!(
                "  {backend:<11} {attempt:<20} {:>7.1} s   {summary}",
                started.elapsed().as_secs_f64()
            );
        }
    }
    for (backend, url) in scratch.engines() {
        drill_down(server, backend, url)?;
    }
    scratch.remove()
}

/// Requests timed per kind of answer.
const SAMPLES: usize = 200;

/// Reads at national scale over HTTP: the bench fixture's ~450,000 stations, then p50/p95
/// of a coverage answer at each level and of farmers' village search and village page,
/// next to reading one station by its primary key, on the same server and connection.
fn drill_down(server: &Path, backend: &str, url: &str) -> Result {
    let fixture = process::output(command(server).args(["--database-url", url, "bench-fixture"]))
        .ok_or("the bench fixture failed")?;
    let mut admin = std::process::Command::new(server)
        .args(["--database-url", url, "create-admin", "--name", "基准测试"])
        .args(["--phone", "10000000009", "--username", "bench"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let stdin = admin.stdin.as_mut().ok_or("no stdin")?;
        stdin
            .write_all(b"bench-password-2026\n")
            .map_err(|e| e.to_string())?;
    }
    admin.wait().map_err(|e| e.to_string())?;

    let DrillDown {
        operating,
        nation_computed,
        rows,
    } = serving(server, url, "full", measure_drill_down)?;
    println!(
        "\nreads at national scale over HTTP ({backend}; {}; {operating} operating):",
        fixture.trim()
    );
    println!(
        "  the nation's answer computed: {:.2} ms (then kept for a minute, as timed below)",
        nation_computed * 1e3
    );
    println!(
        "  {:<34} {:>5} {:>9} {:>9} {:>14}",
        "request", "n", "p50 ms", "p95 ms", "p95 / PK p95"
    );
    let baseline = rows[0].2;
    for (name, p50, p95) in rows {
        println!(
            "  {name:<34} {SAMPLES:>5} {:>9.2} {:>9.2} {:>14.2}",
            p50 * 1e3,
            p95 * 1e3,
            p95 / baseline
        );
    }
    Ok(())
}

/// Runs the server on the database at `url` while `measure` talks to it over one
/// connection (opened once the server listens).
fn serving<T>(
    server: &Path,
    url: &str,
    durability: &str,
    measure: impl FnOnce(crate::http::Connection) -> Result<T>,
) -> Result<T> {
    let address = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        probe.local_addr().map_err(|e| e.to_string())?.to_string()
    };
    let mut serving = std::process::Command::new(server)
        .args([
            "--database-url",
            url,
            "--durability",
            durability,
            "serve",
            "--listen",
            &address,
            "--dist",
        ])
        .arg(app::dist())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut connection = None;
    for _ in 0..600 {
        match crate::http::Connection::open(&address) {
            Ok(open) => {
                connection = Some(open);
                break;
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    }
    let measured = connection
        .ok_or_else(|| "the server did not start".to_owned())
        .and_then(measure);
    let _ = serving.kill();
    let _ = serving.wait();
    measured
}

/// `/api/health` while sixteen clients at sixteen addresses guess passwords as fast as the
/// server answers, against `/api/health` idle, on SQLite (hashing does not depend on the
/// engine). Each guess names a login of its own, so every one is hashed until its address
/// has failed thirty times.
fn sign_in_storm(server: &Path) -> Result {
    const ATTACKERS: u8 = 16;
    const SAMPLES: usize = 300;
    let scratch = Scratch::new("signin")?;
    let measured = serving(server, &scratch.sqlite, "full", |mut http| {
        let address = http.host().to_owned();
        let health = |http: &mut crate::http::Connection| -> Result<f64> {
            let mut times = Vec::with_capacity(SAMPLES);
            for _ in 0..SAMPLES {
                let started = Instant::now();
                get_ok(http, "/api/health")?;
                times.push(started.elapsed().as_secs_f64());
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            times.sort_by(f64::total_cmp);
            Ok(percentile(&times, 0.5))
        };
        let idle = health(&mut http)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let attackers: Vec<_> = (1..=ATTACKERS)
            .map(|n| {
                let (address, stop) = (address.clone(), std::sync::Arc::clone(&stop));
                std::thread::spawn(move || -> Result<std::collections::BTreeMap<u16, usize>> {
                    let from = std::net::IpAddr::from([127, 0, 2, n]);
                    let mut guessing = crate::http::Connection::open_from(&address, from)?;
                    let mut answers = std::collections::BTreeMap::new();
                    let mut guess = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        guess += 1;
                        let body = format!(
                            r#"{{"login":"guess-{n}-{guess}","password":"wrong-password"}}"#
                        );
                        let answer = guessing.post_json("/api/auth/login", &body)?;
                        *answers.entry(answer.status).or_insert(0) += 1;
                    }
                    Ok(answers)
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(500));
        let attacked = health(&mut http);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut answers = std::collections::BTreeMap::new();
        for attacker in attackers {
            for (status, count) in attacker.join().map_err(|_| "an attacker panicked")?? {
                *answers.entry(status).or_insert(0) += count;
            }
        }
        Ok((idle, attacked?, answers))
    });
    scratch.remove()?;
    let (idle, attacked, answers) = measured?;
    println!(
        "
/api/health while {ATTACKERS} addresses guess passwords (SQLite, {SAMPLES} requests each way):"
    );
    println!("  {:<28} {:>9}", "", "p50 ms");
    println!("  {:<28} {:>9.2}", "idle", idle * 1e3);
    println!(
        "  {:<28} {:>9.2}   {:.1}× idle (goal ≤ 5×)",
        "under 16 parallel guessers",
        attacked * 1e3,
        attacked / idle
    );
    let answers: Vec<String> = answers
        .iter()
        .map(|(status, count)| format!("{count} × {status}"))
        .collect();
    println!("  guesses answered meanwhile: {}", answers.join(", "));
    Ok(())
}

/// Syncing records from an outbox against writing them bare, on both engines and at both
/// durabilities: the demo informant's phone sends `SYNCED` price reports one request each
/// (`PUT` with a new client id: HTTP, session, receipt, checks, insert, answer), then as
/// many others in batches as the outbox sends them (`POST /api/outbox`), then the batches
/// again (as when the answers were lost), next to as many bare autocommitted `INSERT`s on
/// the same database at the same durability.
fn sync_records(server: &Path) -> Result {
    const SYNCED: usize = 1000;
    let scratch = Scratch::new("sync")?;
    println!(
        "
syncing {SYNCED} price reports from the outbox vs {SYNCED} bare inserts (same database, same run):"
    );
    println!(
        "  {:<11} {:<11} {:>11} {:>11} {:>6} {:>11} {:>6} {:>11} {:>6}",
        "engine",
        "durability",
        "bare ms/rec",
        "PUT ms/rec",
        "ratio",
        "batch ms/rec",
        "ratio",
        "resend ms/rec",
        "ratio"
    );
    for (backend, url) in scratch.engines() {
        for durability in ["full", "normal"] {
            sync_against_bare(server, backend, url, durability, SYNCED)?;
        }
    }
    scratch.remove()
}

fn sync_against_bare(
    server: &Path,
    backend: &str,
    url: &str,
    durability: &str,
    synced: usize,
) -> Result {
    use yinong_model::sync::{batches, BATCH_PATH};
    let baseline = process::output(
        command(server)
            .args(["--database-url", url, "--durability", durability])
            .args(["bench-bare-inserts", "--count", &synced.to_string()]),
    )
    .ok_or("the bare inserts failed")?;
    let bare_ms: f64 = baseline
        .split_whitespace()
        .rev()
        .nth(1)
        .and_then(|ms| ms.parse().ok())
        .ok_or_else(|| format!("bare inserts printed “{}”", baseline.trim()))?;
    let (single, batched, again) = serving(server, url, durability, |mut http| {
        let signed_in = http.post_json(
            "/api/auth/login",
            r#"{"login":"zhangying-informant","password":"yinong-demo-2026"}"#,
        )?;
        if signed_in.status != 200 {
            return Err(format!("signing in answered {}", signed_in.status));
        }
        // Reports are for a day on China's calendar; each run its own ids.
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let run = chrono::Utc::now().timestamp_millis() as u64;
        let records = |from: usize| -> Vec<(String, serde_json::Value)> {
            (from..from + synced)
                .map(|n| {
                    let mut random = [0; 10];
                    random[..8].copy_from_slice(&run.to_be_bytes());
                    let id = yinong_model::sync::uuid_v7(run + n as u64, random);
                    let body = serde_json::json!({
                        "product": format!("同步{n}"), "grade": "", "unit": "斤",
                        "price": format!("{}.5", n % 90 + 1), "market": "许庄集贸市场",
                        "observed_on": today.to_string(),
                        "photos": [],
                    });
                    (id, body)
                })
                .collect()
        };
        let started = Instant::now();
        for (id, body) in records(0) {
            let answer = http.put_json(&format!("/api/prices/reports/{id}"), &body.to_string())?;
            if answer.status != 201 {
                return Err(format!(
                    "PUT {id} answered {} ({})",
                    answer.status,
                    String::from_utf8_lossy(&answer.body)
                ));
            }
        }
        let single = started.elapsed().as_secs_f64() * 1e3;
        let in_batches = records(synced);
        let sizes: Vec<usize> = in_batches
            .iter()
            .map(|(_, body)| body.to_string().len())
            .collect();
        let cut = batches(&sizes);
        let mut send_batches = |expected: u16| -> Result<f64> {
            let started = Instant::now();
            for batch in &cut {
                let records: Vec<serde_json::Value> = batch
                    .iter()
                    .map(|&at| {
                        let (id, body) = &in_batches[at];
                        serde_json::json!({ "kind": "price", "id": id, "record": body })
                    })
                    .collect();
                let body = serde_json::json!({ "records": records }).to_string();
                let answer = http.post_json(BATCH_PATH, &body)?;
                let answers: yinong_model::sync::BatchAnswer = serde_json::from_slice(&answer.body)
                    .map_err(|e| format!("batch answered {}: {e}", answer.status))?;
                if let Some(wrong) = answers.answers.iter().find(|a| a.status != expected) {
                    return Err(format!(
                        "a batched record answered {wrong:?}, not {expected}"
                    ));
                }
            }
            Ok(started.elapsed().as_secs_f64() * 1e3)
        };
        Ok((single, send_batches(201)?, send_batches(200)?))
    })?;
    let per = |ms: f64| ms / synced as f64;
    println!(
        "  {backend:<11} {durability:<11} {:>11.3} {:>11.3} {:>6.1} {:>11.3} {:>6.1} {:>11.3} {:>6.1}",
        per(bare_ms),
        per(single),
        single / bare_ms,
        per(batched),
        batched / bare_ms,
        per(again),
        again / bare_ms
    );
    Ok(())
}

type Timings = (String, f64, f64);

/// What the drill-down measured: the nation's operating stations, how long its first
/// (computed) answer took, and (name, p50, p95) rows, the PK read first.
struct DrillDown {
    operating: i64,
    nation_computed: f64,
    rows: Vec<Timings>,
}

/// Signs in, samples regions at every level and stations to read, and times the requests.
fn measure_drill_down(mut http: crate::http::Connection) -> Result<DrillDown> {
    let signed_in = http.post_json(
        "/api/auth/login",
        r#"{"login":"bench","password":"bench-password-2026"}"#,
    )?;
    if signed_in.status != 200 {
        return Err(format!("signing in answered {}", signed_in.status));
    }
    let mut json = |path: &str| -> Result<serde_json::Value> {
        let response = get_ok(&mut http, path)?;
        serde_json::from_slice(&response.body).map_err(|e| format!("GET {path}: {e}"))
    };
    let codes = |regions: &serde_json::Value| -> Vec<String> {
        regions
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["code"].as_str().map(str::to_owned))
            .collect()
    };
    let every = |codes: Vec<String>, n: usize| -> Vec<String> {
        let step = (codes.len() / n).max(1);
        codes.into_iter().step_by(step).take(n).collect()
    };
    // The nation's first answer is computed; the ones after are kept for a minute.
    let started = Instant::now();
    let nation = json("/api/coverage")?;
    let nation_computed = started.elapsed().as_secs_f64();
    // Station counts come as [type, status, stations, compliant].
    let operating: i64 = nation["summary"]["figures"]["stations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|count| count[1] == "operating")
        .filter_map(|count| count[2].as_i64())
        .sum();
    let provinces = codes(&json("/api/regions")?);
    let mut cities = Vec::new();
    for province in &provinces {
        cities.extend(codes(&json(&format!("/api/regions/{province}/children"))?));
    }
    let mut counties = Vec::new();
    for city in every(cities.clone(), 60) {
        counties.extend(codes(&json(&format!("/api/regions/{city}/children"))?));
    }
    let counties = every(counties, 100);
    let mut townships = Vec::new();
    for county in counties.iter().take(60) {
        townships.extend(codes(&json(&format!("/api/regions/{county}/children"))?));
    }
    let townships = every(townships, 100);
    let mut stations = Vec::new();
    for township in townships.iter().take(40) {
        let page = json(&format!("/api/stations?region={township}"))?;
        stations.extend(
            page["stations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["code"].as_str().map(str::to_owned))
                .take(5),
        );
    }
    // Farmers' reads: finding a village by the start of its name (two characters, the
    // least a national search takes), and a village's stations with the nearest others.
    let mut villages = Vec::new();
    for township in townships.iter().take(20) {
        let children = json(&format!("/api/regions/{township}/children"))?;
        villages.extend(
            children
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    Some((
                        v["code"].as_str()?.to_owned(),
                        v["name"].as_str()?.to_owned(),
                    ))
                })
                .take(3),
        );
    }
    let kinds: [(&str, Vec<String>); 8] = [
        (
            "station by code (PK read)",
            stations
                .iter()
                .map(|c| format!("/api/stations/{c}"))
                .collect(),
        ),
        (
            "coverage: nation → provinces",
            vec!["/api/coverage".to_owned()],
        ),
        (
            "coverage: province → cities",
            provinces
                .iter()
                .map(|c| format!("/api/coverage/{c}"))
                .collect(),
        ),
        (
            "coverage: city → counties",
            every(cities, 100)
                .iter()
                .map(|c| format!("/api/coverage/{c}"))
                .collect(),
        ),
        (
            "coverage: county → townships",
            counties
                .iter()
                .map(|c| format!("/api/coverage/{c}"))
                .collect(),
        ),
        (
            "coverage: township → villages",
            townships
                .iter()
                .map(|c| format!("/api/coverage/{c}"))
                .collect(),
        ),
        (
            "village search (2 characters, nation)",
            villages
                .iter()
                .map(|(_, name)| {
                    let start: String = name.chars().take(2).collect();
                    format!("/api/villages/search?q={}", percent_encoded(&start))
                })
                .collect(),
        ),
        (
            "village home (stations, nearest 5, bulletins, prices)",
            villages
                .iter()
                .map(|(code, _)| format!("/api/villages/{code}/home"))
                .collect(),
        ),
    ];
    let mut rows = Vec::new();
    for (name, paths) in kinds {
        if paths.is_empty() {
            return Err(format!("{name}: nothing to request"));
        }
        // One pass to warm caches, then the timed samples.
        for path in &paths {
            get_ok(&mut http, path)?;
        }
        // Only the exchange is timed: parsing the answer here (xtask is an unoptimised
        // build) would add more than the server's own work to the nation's 46 KB answer.
        let mut times = Vec::with_capacity(SAMPLES);
        for i in 0..SAMPLES {
            let started = Instant::now();
            get_ok(&mut http, &paths[i % paths.len()])?;
            times.push(started.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        rows.push((
            name.to_owned(),
            percentile(&times, 0.50),
            percentile(&times, 0.95),
        ));
    }
    Ok(DrillDown {
        operating,
        nation_computed,
        rows,
    })
}

/// `text` as a URL query value: every byte but unreserved ASCII as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn get_ok(http: &mut crate::http::Connection, path: &str) -> Result<crate::http::Response> {
    let response = http.get(path)?;
    if response.status != 200 {
        return Err(format!("GET {path} answered {}", response.status));
    }
    Ok(response)
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

/// Runs the server's importer; returns its one-line summary (what it loaded).
fn import(server: &Path, url: &str, divisions: &Path) -> Result<String> {
    process::output(
        command(server)
            .args(["--database-url", url, "import-regions"])
            .arg(divisions),
    )
    .map(|summary| summary.trim().to_owned())
    .ok_or_else(|| format!("import into {url} failed"))
}

#[cfg(test)]
mod tests {
    use super::percent_encoded;

    #[test]
    fn query_values_are_percent_encoded_as_utf8() {
        assert_eq!(percent_encoded("张庄 a-1"), "%E5%BC%A0%E5%BA%84%20a-1");
    }
}
