//! Building the app, serving it, and the server's data commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{command, root, run};
use crate::tools::{ensure_app_tools, ensure_chart_packages, AppTools};
use crate::Result;
use yinong_model::entry::{is_hashed_file, EntryPoint};

/// Files worth compressing; the server sends the `.br`/`.gz` twin when the client accepts it.
const COMPRESSIBLE: [&str; 6] = ["html", "js", "wasm", "css", "svg", "json"];

pub fn dist() -> PathBuf {
    root().join("dist")
}

/// Builds the entry points in release mode — the home page into ./dist, the rest of the
/// portal and the staff app into their folders of it (`yinong_model::entry`) — and writes
/// brotli and gzip twins of their files.
pub fn build(tools: &AppTools) -> Result {
    ensure_chart_packages()?;
    run(tools
        .trunk()
        .args(["build", "index.html", "--release", "--offline"]))?;
    minify_glue(&dist())?;
    for (page, entry) in [
        ("portal.html", EntryPoint::Portal),
        ("staff.html", EntryPoint::Staff),
    ] {
        // Trunk empties its output folder, so each is built beside ./dist and moved in.
        let built = root().join("target").join(format!("{}-dist", entry.dir()));
        run(tools
            .trunk()
            .args(["build", page, "--release", "--offline", "--public-url"])
            .arg(format!("/{}/", entry.dir()))
            .arg("--dist")
            .arg(&built))?;
        minify_glue(&built)?;
        let folder = dist().join(entry.dir());
        std::fs::rename(&built, &folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        if entry == EntryPoint::Staff {
            bundle_echarts(&folder)?;
            write_service_worker("staff", &[EntryPoint::Staff])?;
        } else {
            // The farmer's worker caches both farmer bundles, whichever page came first.
            write_service_worker("portal", &[EntryPoint::Home, EntryPoint::Portal])?;
        }
        precompress(&folder)?;
    }
    precompress(&dist())
}

fn esbuild() -> Command {
    command(
        root()
            .join("charts")
            .join("node_modules")
            .join(".bin")
            .join("esbuild"),
    )
}

/// Minifies wasm-bindgen's JS glue in place (Trunk leaves it as written): about 1.7 KB
/// brotli off the farmer's first load. The pages load it without an integrity hash for
/// this reason (`data-integrity="none"`).
fn minify_glue(dir: &Path) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("js") {
            continue;
        }
        run(esbuild()
            .arg(&path)
            .args([
                "--minify",
                "--format=esm",
                "--allow-overwrite",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", path.display())))?;
    }
    Ok(())
}

/// Where the staff app reads the ECharts script's address: a meta tag, so the hashed name
/// is known without loading the script on pages that draw no chart.
const ECHARTS_META: &str = "yinong-echarts";

/// Bundles the custom ECharts build (charts/echarts.mjs) into the staff folder under a
/// content-hashed name and tells the staff app where it is.
fn bundle_echarts(staff: &Path) -> Result {
    let charts = root().join("charts");
    let bundle = root().join("target").join("echarts.js");
    run(esbuild()
        .arg(charts.join("echarts.mjs"))
        .args([
            "--bundle",
            "--minify",
            "--format=iife",
            "--legal-comments=none",
        ])
        .arg(format!("--outfile={}", bundle.display())))?;
    let script = std::fs::read(&bundle).map_err(|e| format!("{}: {e}", bundle.display()))?;
    let name = format!("echarts-{:016x}.js", content_hash(&script));
    std::fs::write(staff.join(&name), &script).map_err(|e| format!("{name}: {e}"))?;
    // ECharts' licence travels with the copy we serve.
    let licence = charts.join("node_modules").join("echarts").join("LICENSE");
    std::fs::copy(&licence, staff.join("echarts.LICENSE.txt"))
        .map_err(|e| format!("{}: {e}", licence.display()))?;
    let index = staff.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let meta = format!(
        "<meta name=\"{ECHARTS_META}\" content=\"/{}/{name}\">\n</head>",
        EntryPoint::Staff.dir()
    );
    std::fs::write(&index, html.replacen("</head>", &meta, 1))
        .map_err(|e| format!("{}: {e}", index.display()))
}

/// Writes the service worker of `app` (public/sw.js) as `sw.js` in the folder of the
/// first of `entries`, naming the hashed files of their folders — those it caches on
/// install, and ECharts, which it keeps once the dashboard loaded it — and a version made
/// of them and the worker's code. Runs before the compressed twins exist.
fn write_service_worker(app: &str, entries: &[EntryPoint]) -> Result {
    let (mut assets, mut on_use) = (Vec::new(), Vec::new());
    for entry in entries {
        let folder = dist().join(entry.dir());
        let files = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for file in files {
            let file = file.map_err(|e| e.to_string())?.file_name();
            let file = file.to_string_lossy();
            if !is_hashed_file(&file) {
                continue;
            }
            let url = match entry.dir() {
                "" => format!("/{file}"),
                dir => format!("/{dir}/{file}"),
            };
            if file.starts_with("echarts-") {
                on_use.push(url);
            } else {
                assets.push(url);
            }
        }
    }
    assets.sort_unstable();
    let bundles = assets
        .iter()
        .filter(|asset| asset.ends_with(".wasm"))
        .count();
    if bundles != entries.len() {
        return Err(format!(
            "{app}: {bundles} built apps to cache, not {}",
            entries.len()
        ));
    }
    let listed = |urls: &[String]| {
        let quoted: Vec<String> = urls.iter().map(|url| format!("'{url}'")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let (assets, on_use) = (listed(&assets), listed(&on_use));
    let template = root().join("public").join("sw.js");
    let template =
        std::fs::read_to_string(&template).map_err(|e| format!("{}: {e}", template.display()))?;
    // A new worker (its code or its files) is a new version, which replaces the old cache.
    let version = content_hash(format!("{template}{assets}{on_use}").as_bytes());
    let script = template
        .replace("__APP__", app)
        .replace("__VERSION__", &format!("{version:016x}"))
        .replace("__ASSETS__", &assets)
        .replace("__ON_USE__", &on_use);
    if let Some(left) = script.split("__").nth(1).filter(|name| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
    }) {
        return Err(format!("public/sw.js: nothing fills __{left}__"));
    }
    let worker = dist().join(entries[0].dir()).join("sw.js");
    std::fs::write(&worker, script).map_err(|e| format!("{}: {e}", worker.display()))
}

/// A 64-bit content hash for cache-busting file names (not for security).
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn precompress(dist: &Path) -> Result {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        write_twin(&path, "br", &brotli_bytes(&bytes))?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&bytes).map_err(|e| e.to_string())?;
        write_twin(&path, "gz", &gzip.finish().map_err(|e| e.to_string())?)?;
    }
    Ok(())
}

/// Brotli at its best quality, as served and as measured by the bench.
pub fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params)
        .expect("compressing in memory");
    compressed
}

fn write_twin(path: &Path, suffix: &str, bytes: &[u8]) -> Result {
    let mut twin = path.as_os_str().to_owned();
    twin.push(".");
    twin.push(suffix);
    std::fs::write(&twin, bytes).map_err(|e| format!("{}: {e}", Path::new(&twin).display()))
}

/// Builds the server with its own profile (fast, unwinding) and returns the binary's path.
pub fn build_server() -> Result<PathBuf> {
    run(command("cargo").args(["build", "--profile", "server", "--package", "yinong-api"]))?;
    Ok(root().join("target").join("server").join("yinong-api"))
}

/// `cargo xtask run`: set up, build, and serve with demo data until stopped.
pub fn serve(args: &[String]) -> Result {
    let tools = ensure_app_tools()?;
    build(&tools)?;
    let server = build_server()?;
    run(command(server)
        .arg("serve")
        .arg("--demo")
        .arg("--dist")
        .arg(dist())
        .args(args))
}

/// `cargo xtask import-regions DIR`: load the national divisions through the server binary.
pub fn import_regions(args: &[String]) -> Result {
    let (dir, rest) = args
        .split_first()
        .ok_or("usage: cargo xtask import-regions DIR [--database-url URL]")?;
    let dir = std::fs::canonicalize(dir).map_err(|e| format!("{dir}: {e}"))?;
    let server = build_server()?;
    run(command(server).args(rest).arg("import-regions").arg(dir))
}

/// `cargo xtask import-geo FILE…`: load map boundaries through the server binary.
pub fn import_geo(args: &[String]) -> Result {
    if args.is_empty() {
        return Err("usage: cargo xtask import-geo FILE… [--database-url URL]".into());
    }
    // The server runs from the workspace root: files are named absolutely.
    let args: Vec<PathBuf> = args
        .iter()
        .map(|arg| std::fs::canonicalize(arg).unwrap_or_else(|_| PathBuf::from(arg)))
        .collect();
    let server = build_server()?;
    run(command(server).arg("import-geo").args(args))
}
