//! `cargo xtask bench`: figures, not pass/fail. Bytes are absolute; times are printed next
//! to a baseline measured in the same run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::app::{self, brotli_bytes};
use crate::process::{self, command, root};
use crate::tools;
use crate::Result;

/// The farmer's first load must stay within this, brotli-compressed.
const PORTAL_BUDGET: usize = 150 * 1024;

pub fn run() -> Result {
    let app_tools = tools::ensure_app_tools()?;
    app::build(&app_tools)?;
    first_load_bytes(
        &app::dist(),
        "index.html",
        "the farmers' portal (home page)",
        true,
    )?;
    first_load_bytes(
        &app::dist(),
        "staff/index.html",
        "the staff app (/staff)",
        false,
    )?;
    national_import()
}

/// What a cold visit to an entry point downloads: its HTML and the CSS, JS and wasm it
/// names. Only the portal is held to the budget.
fn first_load_bytes(dist: &Path, html: &str, what: &str, budgeted: bool) -> Result {
    let index =
        std::fs::read_to_string(dist.join(html)).map_err(|e| format!("dist/{html}: {e}"))?;
    let mut files = vec![html.to_owned()];
    files.extend(referenced_assets(&index));
    println!("\nfirst load of {what} (cold cache):");
    println!("  {:<44} {:>10} {:>10}", "file", "raw", "brotli");
    let (mut raw_total, mut brotli_total) = (0, 0);
    for file in &files {
        let bytes = std::fs::read(dist.join(file)).map_err(|e| format!("dist/{file}: {e}"))?;
        let compressed = brotli_bytes(&bytes).len();
        println!("  {file:<44} {:>10} {:>10}", bytes.len(), compressed);
        raw_total += bytes.len();
        brotli_total += compressed;
    }
    println!("  {:<44} {raw_total:>10} {brotli_total:>10}", "total");
    if !budgeted {
        return Ok(());
    }
    let verdict = if brotli_total <= PORTAL_BUDGET {
        "within"
    } else {
        "OVER"
    };
    println!(
        "  brotli total {:.1} KB: {verdict} the portal budget of {} KB",
        brotli_total as f64 / 1024.0,
        PORTAL_BUDGET / 1024
    );
    Ok(())
}

/// Root-relative asset paths named in index.html (`href=/…`, quoted or not — the release
/// HTML is minified —, `'/….js'`, `'/…_bg.wasm'`), leaving out the icon, which the browser
/// fetches later and caches.
fn referenced_assets(index: &str) -> Vec<String> {
    let mut assets: Vec<String> = index
        .split(['"', '\'', '=', '>', ' ', '\n'])
        .filter_map(|piece| piece.strip_prefix('/'))
        .filter(|path| {
            [".css", ".js", ".wasm"]
                .iter()
                .any(|ext| path.ends_with(ext))
        })
        .map(str::to_owned)
        .collect();
    assets.sort();
    assets.dedup();
    assets
}

/// Loads all 620,573 villages into a fresh SQLite file and a fresh PostgreSQL database,
/// twice each (the second load shows the cost of an idempotent re-run).
fn national_import() -> Result {
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
    let server = app::build_server()?;
    let scratch = std::env::temp_dir().join(format!("yinong-bench-{}", std::process::id()));
    let sqlite = format!("sqlite://{}", scratch.join("national.db").display());
    let postgres_admin = tools::ensure_postgres()?;
    let (base, _) = postgres_admin
        .rsplit_once('/')
        .ok_or("PostgreSQL URL without database")?;
    let postgres_db = format!("yinong_bench_{}", std::process::id());
    let postgres = format!("{base}/{postgres_db}");

    println!("\nnational import ({}):", divisions.display());
    for (backend, url) in [("SQLite", &sqlite), ("PostgreSQL", &postgres)] {
        for attempt in ["first load", "repeat (idempotent)"] {
            let started = Instant::now();
            let summary = import(&server, url, &divisions)?;
            println!(
                "  {backend:<11} {attempt:<20} {:>7.1} s   {summary}",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    process::run(
        command("psql")
            .arg(&postgres_admin)
            .args(["-q", "-c"])
            .arg(format!(
                "DROP DATABASE IF EXISTS {postgres_db} WITH (FORCE)"
            )),
    )
}

/// Runs the server's importer; returns its one-line summary (what it loaded).
fn import(server: &PathBuf, url: &str, divisions: &Path) -> Result<String> {
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
    use super::referenced_assets;

    #[test]
    fn assets_are_found_in_minified_html() {
        let html = "<link href=/favicon-1.svg rel=icon><link href=/main-2.css rel=stylesheet>\
            <script type=module>import init from '/portal-3.js';\
            await init({ module_or_path: '/portal-3_bg.wasm' });</script>\
            <meta content=\"/staff/echarts-4.js\" name=\"yinong-echarts\">";
        assert_eq!(
            referenced_assets(html),
            [
                "main-2.css",
                "portal-3.js",
                "portal-3_bg.wasm",
                "staff/echarts-4.js"
            ]
        );
    }
}
