//! The API fuzzed: schemathesis against the real server, on SQLite and on PostgreSQL, from
//! the description the server itself serves (`/api/openapi.json`): signed out, then signed
//! in as a farmer, an informant and an administrator. Each run passes when no answer is a
//! 5xx and every answer is as described (its status, content type and body).

use std::path::Path;

use crate::http::Connection;
use crate::process::{self, command};
use crate::scratch::Scratch;
use crate::server::TestServer;
use crate::tools;
use crate::Result;

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance";
const CASES_PER_OPERATION: &str = "20";
/// The coverage phase crashes inside hypothesis on these machines' Python (an AST recursion
/// error describing a lambda); the examples and fuzzing phases reach every operation.
const PHASES: &str = "examples,fuzzing";
/// The demo accounts' password (`api/src/seed/accounts.rs`).
const DEMO_PASSWORD: &str = "yinong-demo-2026";
/// A farmer's number; a new account is made when it first signs in by code.
const FARMER_PHONE: &str = "13900000001";

/// Who the fuzzer is, and how to become them.
#[derive(Clone, Copy)]
enum Role {
    SignedOut,
    Farmer,
    Informant,
    Administrator,
}

impl Role {
    const ALL: [Role; 4] = [
        Role::SignedOut,
        Role::Farmer,
        Role::Informant,
        Role::Administrator,
    ];

    fn name(self) -> &'static str {
        match self {
            Role::SignedOut => "signed out",
            Role::Farmer => "farmer",
            Role::Informant => "informant",
            Role::Administrator => "administrator",
        }
    }

    /// The session cookie (`yinong_session=…`) of this role on the server at `address`.
    fn session(self, address: &str) -> Result<Option<String>> {
        let mut connection = Connection::open(address)?;
        let login = match self {
            Role::SignedOut => return Ok(None),
            Role::Farmer => {
                let phone = format!(r#"{{"phone":"{FARMER_PHONE}"}}"#);
                connection.post_json("/api/auth/otp", &phone)?;
                let outbox = connection.get(&format!("/api/test/outbox/{FARMER_PHONE}"))?;
                let codes: Vec<String> = serde_json::from_slice(&outbox.body)
                    .map_err(|e| format!("the sign-in code outbox: {e}"))?;
                let code = codes.last().ok_or("no sign-in code was sent")?;
                connection.post_json(
                    "/api/auth/otp/verify",
                    &format!(r#"{{"phone":"{FARMER_PHONE}","code":"{code}"}}"#),
                )?
            }
            Role::Informant => connection.post_json(
                "/api/auth/login",
                &format!(r#"{{"login":"zhangying-informant","password":"{DEMO_PASSWORD}"}}"#),
            )?,
            Role::Administrator => connection.post_json(
                "/api/auth/login",
                &format!(r#"{{"login":"admin","password":"{DEMO_PASSWORD}"}}"#),
            )?,
        };
        let cookie = login
            .session_cookie
            .filter(|_| login.status == 200)
            .ok_or_else(|| format!("signing in as {} answered {}", self.name(), login.status))?;
        Ok(Some(cookie))
    }
}

/// Every role against a fresh server on each engine: (engine, passed runs, failed runs).
pub fn run() -> Result<Vec<(&'static str, u32, u32)>> {
    let st = tools::ensure_schemathesis()?;
    let scratch = Scratch::new("fuzz")?;
    let mut tallies = Vec::new();
    for (engine, url) in scratch.engines() {
        let server = TestServer::start(url)?;
        let address = format!("127.0.0.1:{}", server.port);
        let (mut passed, mut failed) = (0, 0);
        for role in Role::ALL {
            println!("xtask: schemathesis on {engine}, {}", role.name());
            if fuzz(&st, &address, role.session(&address)?.as_deref())? {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        tallies.push((engine, passed, failed));
    }
    scratch.remove()?;
    Ok(tallies)
}

/// One schemathesis run as the holder of `cookie` (or signed out); true when it passed.
fn fuzz(st: &Path, address: &str, cookie: Option<&str>) -> Result<bool> {
    let mut st = command(st);
    st.arg("run")
        .arg(format!("http://{address}/api/openapi.json"))
        .args(["--checks", CHECKS, "--phases", PHASES])
        .args(["--max-examples", CASES_PER_OPERATION, "--workers", "2"])
        .args(["--generation-database", "none", "--no-color"])
        // Requests as the app sends them (the server refuses other sites' writes).
        .args(["--header", "x-yinong-app: 1"]);
    if let Some(cookie) = cookie {
        // Signing out would end the session the rest of the run is meant to hold.
        st.args(["--header", &format!("Cookie: {cookie}")])
            .args(["--exclude-path", "/auth/logout"]);
    }
    process::run_reading_lines(&mut st, |_| {})
}

/// `cargo xtask fuzz`: the fuzzing alone, on a fresh build of the app and the server.
pub fn alone() -> Result {
    let app_tools = tools::ensure_app_tools()?;
    crate::app::build(&app_tools)?;
    process::run(command("cargo").args(["build", "--package", "yinong-api"]))?;
    let tallies = run()?;
    for (engine, passed, failed) in &tallies {
        println!("  API fuzzed, {engine:<11} {passed:>2} passed, {failed:>2} failed");
    }
    if tallies.iter().any(|(_, _, failed)| *failed > 0) {
        return Err("the fuzzer found answers that break the API's description".into());
    }
    Ok(())
}
