//! The built server run for tests: on a free port, with the demo data, killed when done.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::app;
use crate::process::{command, root};
use crate::Result;

/// A built server on a free port over `database_url`, with the demo data, its sign-in
/// codes going to an outbox the tests read; killed when dropped, however the tests end.
pub struct TestServer {
    child: Child,
    pub port: u16,
}

impl TestServer {
    /// The debug build (`target/debug/yinong-api`), as the tests run it.
    pub fn start(database_url: &str) -> Result<Self> {
        let server = root().join("target").join("debug").join("yinong-api");
        Self::start_built(&server, database_url, Stdio::inherit())
    }

    /// `server`, its request log to `log` (a bench prints figures, not requests).
    pub fn start_built(server: &Path, database_url: &str, log: Stdio) -> Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = command(server)
            .args(["--database-url", database_url])
            .args([
                "serve",
                "--demo",
                "--otp-sender",
                "outbox",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--dist",
            ])
            .arg(app::dist())
            .stdout(log)
            .spawn()
            .map_err(|e| format!("starting the server: {e}"))?;
        let server = Self { child, port };
        wait_for_health(port)?;
        Ok(server)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_health(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if health_answers(port) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "the server on port {port} did not become healthy within 60 s"
    ))
}

fn health_answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = format!("GET /api/health HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer
            .lines()
            .next()
            .is_some_and(|status| status.contains(" 200 "))
}
