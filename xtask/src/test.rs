//! `cargo xtask test`: every test, with counts per suite and backend.
//!
//! 1. Rust tests of the workspace (the store and HTTP suites run each case on SQLite and on
//!    PostgreSQL: `sqlite::…` and `postgres::…`), with a real S3 server (SeaweedFS) for the
//!    photos kept in object storage.
//! 2. Browser tests (`tests/e2e/*.test.mjs`, node's test runner driving headless Chromium
//!    through playwright-core) against the real server serving the real release build.
//! 3. The API fuzzed by schemathesis from its own description, on each engine, per role
//!    (`fuzz`): one test per role and engine.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::app;
use crate::fuzz;
use crate::object_storage::ObjectStorage;
use crate::process::{self, command, root};
use crate::server::TestServer;
use crate::tools;
use crate::Result;

/// Cases of each access-rule property, per database engine.
const PROPERTY_CASES: &str = "10000";

#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
}

#[derive(Default)]
struct Counts {
    unit: Tally,
    sqlite: Tally,
    postgres: Tally,
    browser: Tally,
    fuzz_sqlite: Tally,
    fuzz_postgres: Tally,
    /// What failed, by name, repeated after the counts: a long log's tail names them.
    failures: Vec<String>,
}

pub fn run() -> Result {
    let started = Instant::now();
    let app_tools = tools::ensure_app_tools()?;
    tools::ensure_browser()?;
    tools::ensure_proxy()?;
    tools::ensure_test_packages()?;
    let postgres_url = tools::ensure_postgres()?;

    let national = root()
        .join("..")
        .join("shared")
        .join("data")
        .join("divisions");
    let national_note = if national.join("villages.csv.gz").exists() {
        "national-scale tests ran on ../shared/data/divisions"
    } else {
        "national-scale tests skipped: ../shared/data/divisions is not beside this clone"
    };
    println!("xtask: {national_note}");

    let mut counts = Counts::default();
    let object_storage = ObjectStorage::start()?;
    let rust_ok = rust_tests(&postgres_url, &object_storage, &mut counts)?;
    drop(object_storage);
    app::build(&app_tools)?;
    process::run(command("cargo").args(["build", "--package", "yinong-api"]))?;
    let browser_ok = browser_tests(&mut counts)?;
    for (engine, passed, failed) in fuzz::run()? {
        let tally = if engine == "SQLite" {
            &mut counts.fuzz_sqlite
        } else {
            &mut counts.fuzz_postgres
        };
        *tally = Tally { passed, failed };
    }

    let suites = [
        ("Rust, no database", &counts.unit),
        ("Rust on SQLite", &counts.sqlite),
        ("Rust on PostgreSQL", &counts.postgres),
        ("browser (Chromium)", &counts.browser),
        ("API fuzzed, SQLite", &counts.fuzz_sqlite),
        ("API fuzzed, PostgreSQL", &counts.fuzz_postgres),
    ];
    println!(
        "\nxtask test finished in {:.0} s ({national_note})",
        started.elapsed().as_secs_f64()
    );
    for (suite, tally) in suites {
        println!(
            "  {suite:<22} {:>4} passed, {:>3} failed",
            tally.passed, tally.failed
        );
    }
    let passed: u32 = suites.iter().map(|(_, t)| t.passed).sum();
    let failed: u32 = suites.iter().map(|(_, t)| t.failed).sum();
    println!("{passed} passed, {failed} failed");
    for failure in &counts.failures {
        println!("  failed: {failure}");
    }
    if failed > 0 || !rust_ok || !browser_ok {
        return Err("tests failed".into());
    }
    if suites.iter().any(|(_, tally)| tally.passed == 0) {
        return Err("a suite ran no test".into());
    }
    Ok(())
}

/// Runs `cargo test` for the server side (the app crate is wasm-only), echoing its output
/// and counting each `test name ... ok|FAILED` line by backend.
fn rust_tests(
    postgres_url: &str,
    object_storage: &ObjectStorage,
    counts: &mut Counts,
) -> Result<bool> {
    let mut cargo = command("cargo");
    cargo
        .args([
            "test",
            "--workspace",
            "--exclude",
            "yinong",
            "--no-fail-fast",
        ])
        .env("YINONG_TEST_POSTGRES_URL", postgres_url)
        .envs(object_storage.test_env())
        .env("YINONG_PROPERTY_CASES", PROPERTY_CASES);
    process::run_reading_lines(&mut cargo, |line| {
        let Some((name, outcome)) = line
            .strip_prefix("test ")
            .and_then(|l| l.rsplit_once(" ... "))
        else {
            return;
        };
        let tally = if name.starts_with("sqlite") {
            &mut counts.sqlite
        } else if name.starts_with("postgres") {
            &mut counts.postgres
        } else {
            &mut counts.unit
        };
        match outcome {
            "ok" => tally.passed += 1,
            "FAILED" => {
                tally.failed += 1;
                counts.failures.push(format!("Rust {name}"));
            }
            _ => {}
        }
    })
}

fn browser_tests(counts: &mut Counts) -> Result<bool> {
    let data = std::env::temp_dir().join(format!("yinong-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let server = TestServer::start(&format!("sqlite://{}", data.join("yinong.db").display()))?;
    let port = server.port;

    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join("tests").join("e2e"))
        .map_err(|e| format!("tests/e2e: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    specs.sort();
    let mut node = Command::new("node");
    node.current_dir(root().join("tests"))
        .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .args(&specs)
        .env("YINONG_BASE_URL", format!("http://127.0.0.1:{port}"))
        // The sync fault test runs (and kills) a server of its own.
        .env(
            "YINONG_API_BIN",
            root().join("target").join("debug").join("yinong-api"),
        )
        .env("YINONG_DIST", app::dist());
    let ran = process::run_reading_lines(&mut node, |line| {
        // Node's closing summary lines: `# pass N`, `# fail N` (not indented).
        if let Some(n) = line.strip_prefix("# pass ") {
            counts.browser.passed = n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            counts.browser.failed = n.trim().parse().unwrap_or(0);
        } else if let Some((_, name)) = line
            .trim_start()
            .strip_prefix("not ok ")
            .and_then(|rest| rest.split_once(" - "))
        {
            // A test's line, then its file's (a file is reported as the test holding them).
            counts.failures.push(format!("browser {name}"));
        }
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    ran
}
