//! `cargo xtask …`: everything needed to set up, build, run, test and measure yinong on a
//! fresh machine, so that the README needs only two commands.

mod app;
mod bench;
mod first_load;
mod fuzz;
mod http;
mod lighthouse;
mod object_storage;
mod process;
mod rush;
mod scratch;
mod server;
mod test;
mod tools;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  run [--listen ADDR] [--database-url URL]
                       install what is missing, build the app (release) and serve it with
                       demo data on http://127.0.0.1:8080 (SQLite file under ./data/)
  test                 install what tests need and run every test: Rust tests on SQLite and
                       PostgreSQL (with SeaweedFS for photos in S3), browser tests in
                       headless Chromium, the API fuzzed
  fuzz                 the API fuzzed alone (schemathesis on both engines, every role)
  bench [sync|pages|sign-in|burst|servers|soak|register|national]
                       print every route's first-load bytes and Lighthouse figures (fails
                       when a page misses its target), syncing 1,000 outbox records against
                       1,000 bare inserts, the write mix on one and two servers, the national
                       region import time and the coverage drill-down's p50/p95 at national
                       scale (a part's name: that part only)
  build                install what is missing and build the app into ./dist
  import-regions DIR [--database-url URL]
                       load the national divisions (provinces/cities/areas/streets/villages
                       .csv.gz) into the database; safe to repeat
  import-geo FILE… [--database-url URL]
                       load region boundaries (GeoJSON, or .tgz of GeoJSON) for the map
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => app::serve(&args[1..]),
        Some("build") => tools::ensure_app_tools().and_then(|tools| app::build(&tools)),
        Some("test") => test::run(),
        Some("fuzz") => fuzz::alone(),
        Some("bench") => bench::run(&args[1..]),
        Some("import-regions") => app::import_regions(&args[1..]),
        Some("import-geo") => app::import_geo(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command “{other}”\n\n{HELP}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
