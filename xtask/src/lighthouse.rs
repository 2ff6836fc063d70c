//! Lighthouse (npm, pinned in bench/package.json) in Debian's Chromium with its mobile
//! profile (a mid-range phone on slow 4G, simulated) on the farmer pages and the staff
//! sign-in, against the release server with the demo data: performance, largest
//! contentful paint, total blocking time and bytes — and the same figures for a static
//! HTML page holding the prices page's text, served by the same server in the same run:
//! the floor a page of that content could reach.

use std::path::Path;

use yinong_model::price::{yuan, MarketPrices};

use crate::app;
use crate::first_load::referenced_assets;
use crate::process::{self, root};
use crate::server::TestServer;
use crate::tools;
use crate::Result;

/// Farmer pages must score at least this (Lighthouse performance, 0–100).
const FARMER_PERFORMANCE: u32 = 95;

/// The pages measured: (address, what it is, held to FARMER_PERFORMANCE).
const PAGES: [(&str, &str, bool); 5] = [
    ("/", "home (首页)", true),
    ("/prices", "market prices (市场价格)", true),
    ("/questions", "12316 knowledge base", true),
    ("/listings", "supply and demand (供求)", true),
    ("/staff/login", "staff sign-in", false),
];

/// The static page's file in dist/ while it is measured.
const STATIC_PRICES: &str = "bench-static-prices.html";

struct Figures {
    performance: u32,
    accessibility: u32,
    best_practices: u32,
    lcp_ms: f64,
    tbt_ms: f64,
    bytes: u64,
    /// The audits of accessibility and best practices that did not pass.
    failed: Vec<String>,
}

/// Prints the figures of every page; returns the farmer pages that miss their targets.
pub fn report(server: &Path) -> Result<Vec<String>> {
    let bench = root().join("bench");
    tools::ensure_bench_packages()?;
    let data = std::env::temp_dir().join(format!("yinong-lighthouse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let url = format!("sqlite://{}", data.join("yinong.db").display());
    let serving = TestServer::start_built(server, &url, std::process::Stdio::null())?;
    let origin = format!("http://127.0.0.1:{}", serving.port);
    let static_page = app::dist().join(STATIC_PRICES);
    std::fs::write(&static_page, static_prices_page(&origin)?)
        .map_err(|e| format!("{}: {e}", static_page.display()))?;

    println!("\nLighthouse 12 (mobile profile: slow 4G, 4× slower CPU), Debian's Chromium:");
    println!(
        "  {:>5} {:>5} {:>5} {:>8} {:>7} {:>9}  page",
        "perf", "a11y", "best", "LCP ms", "TBT ms", "bytes"
    );
    let mut missed = Vec::new();
    let mut prices_lcp = f64::NAN;
    for (path, what, farmer) in PAGES {
        let figures = measure(&bench, &data, &origin, path, what)?;
        if path == "/prices" {
            prices_lcp = figures.lcp_ms;
        }
        if farmer && figures.performance < FARMER_PERFORMANCE {
            missed.push(format!(
                "{path} performance {} < {FARMER_PERFORMANCE}",
                figures.performance
            ));
        }
        if farmer && (figures.accessibility < 100 || figures.best_practices < 100) {
            missed.push(format!(
                "{path} accessibility {} / best practices {} < 100",
                figures.accessibility, figures.best_practices
            ));
        }
    }
    let floor = measure(
        &bench,
        &data,
        &origin,
        &format!("/{STATIC_PRICES}"),
        "static HTML, same prices text",
    )?;
    println!(
        "  the prices page's LCP is {:.2}× the static page's",
        prices_lcp / floor.lcp_ms
    );
    drop(serving);
    let _ = std::fs::remove_file(&static_page);
    let _ = std::fs::remove_dir_all(&data);
    Ok(missed)
}

/// One cold Lighthouse run of the page at `path`, printed as a row of the table.
fn measure(bench: &Path, scratch: &Path, origin: &str, path: &str, what: &str) -> Result<Figures> {
    let figures = lighthouse(bench, scratch, &format!("{origin}{path}"))?;
    println!(
        "  {:>5} {:>5} {:>5} {:>8.0} {:>7.0} {:>9}  {what} ({path})",
        figures.performance,
        figures.accessibility,
        figures.best_practices,
        figures.lcp_ms,
        figures.tbt_ms,
        figures.bytes
    );
    for audit in &figures.failed {
        println!("      not passed: {audit}");
    }
    Ok(figures)
}

/// One cold Lighthouse run of `url`.
fn lighthouse(bench: &Path, scratch: &Path, url: &str) -> Result<Figures> {
    let output = scratch.join("lighthouse.json");
    let cli = bench
        .join("node_modules")
        .join("lighthouse")
        .join("cli")
        .join("index.js");
    process::run(
        process::command("node")
            .arg(cli)
            .arg(url)
            .args([
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--only-categories=performance,accessibility,best-practices",
                "--output=json",
                "--quiet",
            ])
            .arg(format!("--output-path={}", output.display()))
            .env("CHROME_PATH", "/usr/bin/chromium"),
    )?;
    let text =
        std::fs::read_to_string(&output).map_err(|e| format!("{}: {e}", output.display()))?;
    figures(&text)
}

fn figures(report: &str) -> Result<Figures> {
    let report: serde_json::Value =
        serde_json::from_str(report).map_err(|e| format!("Lighthouse's report: {e}"))?;
    let score = |category: &str| {
        report["categories"][category]["score"]
            .as_f64()
            .map(|score| (score * 100.0).round() as u32)
            .ok_or_else(|| format!("Lighthouse's report has no {category} score"))
    };
    let audits = &report["audits"];
    let value = |audit: &str| {
        audits[audit]["numericValue"]
            .as_f64()
            .ok_or_else(|| format!("Lighthouse's report has no {audit}"))
    };
    let mut failed = Vec::new();
    for category in ["accessibility", "best-practices"] {
        let refs = report["categories"][category]["auditRefs"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // Audits of no weight are advice (source maps): they do not lower the score.
        let weighed = refs
            .iter()
            .filter(|r| r["weight"].as_f64().is_some_and(|w| w > 0.0));
        for id in weighed.filter_map(|r| r["id"].as_str()) {
            let audit = &audits[id];
            let scored = audit["scoreDisplayMode"] == "binary";
            if scored && audit["score"].as_f64().is_some_and(|s| s < 1.0) {
                failed.push(format!("{id} ({})", audit["title"].as_str().unwrap_or("")));
            }
        }
    }
    Ok(Figures {
        performance: score("performance")?,
        accessibility: score("accessibility")?,
        best_practices: score("best-practices")?,
        lcp_ms: value("largest-contentful-paint")?,
        tbt_ms: value("total-blocking-time")?,
        bytes: value("total-byte-weight")? as u64,
        failed,
    })
}

/// The market prices the app shows, as one static page with the app's style sheet.
fn static_prices_page(origin: &str) -> Result<String> {
    let address = origin.trim_start_matches("http://");
    let answer = crate::http::Connection::open(address)?.get("/api/prices")?;
    let prices: MarketPrices = serde_json::from_slice(&answer.body)
        .map_err(|e| format!("/api/prices ({}): {e}", answer.status))?;
    let index = std::fs::read_to_string(app::dist().join("index.html"))
        .map_err(|e| format!("dist/index.html: {e}"))?;
    let style = referenced_assets(&index)
        .into_iter()
        .find(|file| file.starts_with("main-") && file.ends_with(".css"))
        .ok_or("dist/index.html names no main-….css")?;
    let mut rows = String::new();
    for price in &prices.prices {
        let latest = price.latest().map(|point| yuan(point.price_fen));
        rows.push_str(&format!(
            "<li class=\"price-line\"><strong>{} {}</strong> {} 元/{} · {} · {}</li>\n",
            price.product,
            price.grade,
            latest.unwrap_or_default(),
            price.unit,
            price.market,
            price.place
        ));
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"description\" content=\"市场价格\"><link rel=\"icon\" href=\"data:,\">\
         <title>市场价格 · 益农信息社</title><link rel=\"stylesheet\" href=\"/{style}\"></head>\
         <body><main class=\"page\"><h1>市场价格</h1><ul>\n{rows}</ul></main></body></html>\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::figures;

    #[test]
    fn a_report_gives_scores_timings_and_the_audits_not_passed() {
        let report = r#"{
            "categories": {
                "performance": {"score": 0.9},
                "accessibility": {"score": 0.96, "auditRefs": [
                    {"id": "color-contrast", "weight": 7}, {"id": "image-alt", "weight": 10}
                ]},
                "best-practices": {"score": 1, "auditRefs": [
                    {"id": "errors-in-console", "weight": 1}, {"id": "valid-source-maps", "weight": 0}
                ]}
            },
            "audits": {
                "largest-contentful-paint": {"numericValue": 3225.7},
                "total-blocking-time": {"numericValue": 152},
                "total-byte-weight": {"numericValue": 331894},
                "color-contrast": {"score": 0, "scoreDisplayMode": "binary", "title": "Contrast"},
                "image-alt": {"score": null, "scoreDisplayMode": "notApplicable", "title": "Alt"},
                "errors-in-console": {"score": 1, "scoreDisplayMode": "binary", "title": "Console"},
                "valid-source-maps": {"score": 0, "scoreDisplayMode": "binary", "title": "Maps"}
            }
        }"#;
        let figures = figures(report).unwrap();
        assert_eq!(
            (
                figures.performance,
                figures.accessibility,
                figures.best_practices
            ),
            (90, 96, 100)
        );
        assert_eq!(figures.lcp_ms, 3225.7);
        assert_eq!(figures.bytes, 331_894);
        assert_eq!(figures.failed, ["color-contrast (Contrast)"]);
    }
}
