//! What a phone downloads on a cold first load of each route, against its budget, and what
//! a repeat visit downloads after a new build (the service worker keeps every hashed file
//! whose name did not change: public/sw.js).

use std::collections::BTreeMap;
use std::path::Path;

use yinong_model::entry::EntryPoint;

use crate::app::{self, brotli_bytes};
use crate::process::root;
use crate::Result;

/// A farmer's page on a cold first load, brotli-compressed.
const FARMER_BUDGET: usize = 150 * 1024;
/// A staff page before ECharts (which only the dashboard loads, after it is drawn).
const STAFF_BUDGET: usize = 250 * 1024;

/// Every farmer route of the app (src/app.rs), one address each.
const FARMER_ROUTES: [&str; 27] = [
    "/",
    "/services",
    "/village",
    "/login",
    "/me",
    "/requests",
    "/requests/new",
    "/requests/1",
    "/notices",
    "/notices/1",
    "/training",
    "/training/C01",
    "/training/C01/1",
    "/jobs",
    "/jobs/new",
    "/listings",
    "/listings/new",
    "/listings/mine",
    "/listings/1",
    "/questions",
    "/questions/new",
    "/questions/mine",
    "/questions/1",
    "/prices",
    "/villages/370811002212",
    "/news/1",
    "/complaints/37081100221201",
];
const STAFF_ROUTES: [&str; 2] = ["/staff/login", "/staff/dashboard"];

/// Where the previous bench wrote the files of its build, for the repeat visit.
const LAST_BUILD: &str = "target/bench-first-load.txt";

/// One entry point's first load: each file it fetches with its brotli size.
struct Load {
    files: Vec<(String, usize, usize)>,
}

impl Load {
    fn of(dist: &Path, entry: EntryPoint) -> Result<Load> {
        let html = Path::new(entry.dir()).join("index.html");
        let html = html.to_string_lossy().into_owned();
        let index =
            std::fs::read_to_string(dist.join(&html)).map_err(|e| format!("dist/{html}: {e}"))?;
        let mut files = Vec::new();
        for file in std::iter::once(html).chain(referenced_assets(&index)) {
            let bytes = std::fs::read(dist.join(&file)).map_err(|e| format!("dist/{file}: {e}"))?;
            let compressed = brotli_bytes(&bytes).len();
            files.push((file, bytes.len(), compressed));
        }
        Ok(Load { files })
    }

    /// Brotli bytes, leaving out ECharts (the staff budget is before it).
    fn budgeted(&self) -> usize {
        self.files
            .iter()
            .filter(|(file, ..)| !is_echarts(file))
            .map(|(_, _, brotli)| brotli)
            .sum()
    }

    fn print(&self, entry: EntryPoint) {
        println!("\nfirst load of the {entry:?} entry point (cold cache):");
        println!("  {:<44} {:>10} {:>10}", "file", "raw", "brotli");
        for (file, raw, brotli) in &self.files {
            println!("  {file:<44} {raw:>10} {brotli:>10}");
        }
        let raw: usize = self.files.iter().map(|(_, raw, _)| raw).sum();
        let brotli: usize = self.files.iter().map(|(_, _, brotli)| brotli).sum();
        println!("  {:<44} {raw:>10} {brotli:>10}", "total");
    }
}

fn is_echarts(file: &str) -> bool {
    file.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with("echarts-"))
}

/// Prints every entry point's files, every route against its budget and the repeat visit;
/// returns the routes over budget.
pub fn report() -> Result<Vec<String>> {
    let dist = app::dist();
    let mut loads = BTreeMap::new();
    for entry in EntryPoint::ALL {
        let load = Load::of(&dist, entry)?;
        load.print(entry);
        loads.insert(entry.dir(), load);
    }
    println!("\nevery route's cold first load, brotli (staff pages before ECharts):");
    println!(
        "  {:<26} {:<8} {:>9} {:>8}",
        "route", "bundle", "KB", "budget"
    );
    let mut over = Vec::new();
    let routes = FARMER_ROUTES
        .iter()
        .map(|route| (route, FARMER_BUDGET))
        .chain(STAFF_ROUTES.iter().map(|route| (route, STAFF_BUDGET)));
    for (route, budget) in routes {
        let entry = EntryPoint::of(route);
        let bytes = loads[entry.dir()].budgeted();
        let verdict = if bytes <= budget { "within" } else { "OVER" };
        println!(
            "  {route:<26} {:<8} {:>9.1} {:>5} KB {verdict}",
            format!("{entry:?}"),
            bytes as f64 / 1024.0,
            budget / 1024
        );
        if bytes > budget {
            over.push(format!(
                "{route} {:.1} KB > {} KB",
                bytes as f64 / 1024.0,
                budget / 1024
            ));
        }
    }
    repeat_visit(&loads)?;
    Ok(over)
}

/// What a phone that holds the previous bench's build downloads on its next visit: the
/// pages (asked again every time) and every file whose name is new.
fn repeat_visit(loads: &BTreeMap<&str, Load>) -> Result {
    let files: BTreeMap<&str, usize> = loads
        .values()
        .flat_map(|load| load.files.iter())
        .map(|(file, _, brotli)| (file.as_str(), *brotli))
        .collect();
    let last_build = root().join(LAST_BUILD);
    match std::fs::read_to_string(&last_build) {
        Ok(last) => {
            let held: Vec<&str> = last.lines().collect();
            let fetched: Vec<(&str, usize)> = files
                .iter()
                .filter(|(file, _)| file.ends_with(".html") || !held.contains(file))
                .map(|(file, brotli)| (*file, *brotli))
                .collect();
            let total: usize = fetched.iter().map(|(_, brotli)| brotli).sum();
            let all: usize = files.values().sum();
            println!(
                "\na repeat visit of every entry point after the previous bench's build: \
                 {total} B brotli of {all} B"
            );
            for (file, brotli) in fetched {
                println!("  {file:<44} {brotli:>10}");
            }
        }
        Err(_) => println!(
            "\na repeat visit: no previous bench's build to compare with ({LAST_BUILD} is written \
             now)"
        ),
    }
    let names: Vec<&str> = files.keys().copied().collect();
    std::fs::write(&last_build, names.join("\n"))
        .map_err(|e| format!("{}: {e}", last_build.display()))
}

/// Root-relative asset paths named in index.html (`href=/…`, quoted or not — the release
/// HTML is minified —, `'/….js'`, `'/…_bg.wasm'`), leaving out the icon, which the browser
/// fetches later and caches.
pub fn referenced_assets(index: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_route_is_measured_with_the_bundle_that_serves_it() {
        assert!(FARMER_ROUTES
            .iter()
            .all(|route| EntryPoint::of(route) != EntryPoint::Staff));
        assert!(STAFF_ROUTES
            .iter()
            .all(|route| EntryPoint::of(route) == EntryPoint::Staff));
        assert!(is_echarts("staff/echarts-8533f69ad0529936.js"));
    }

    /// Each `path!("…")` of the app's farmer routes is measured at one address or more.
    #[test]
    fn every_farmer_route_of_the_app_is_listed() {
        let app = std::fs::read_to_string(root().join("src").join("app.rs")).unwrap();
        let patterns: Vec<&str> = app
            .split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|pattern| EntryPoint::of(pattern) != EntryPoint::Staff)
            .collect();
        assert!(patterns.len() > 20, "{patterns:?}");
        for pattern in patterns {
            let matches = |route: &&str| {
                let (a, b): (Vec<&str>, Vec<&str>) =
                    (pattern.split('/').collect(), route.split('/').collect());
                a.len() == b.len() && a.iter().zip(&b).all(|(p, r)| p.starts_with(':') || p == r)
            };
            assert!(
                FARMER_ROUTES.iter().any(matches),
                "{pattern} is not measured"
            );
        }
        assert!(!is_echarts("staff/staff-4e8452d20eeff38a.js"));
    }
}
