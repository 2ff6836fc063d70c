use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use yinong_api::access::Actor;
use yinong_api::auth::sender::{CodeSender, HttpSender, LogSender, OutboxSender};
use yinong_api::auth::{hashing, password, AuthConfig};
use yinong_api::client::TrustedProxies;
use yinong_api::photos::storage::{PhotoStorageArgs, PhotoStoreKind};
use yinong_api::{app, imports, observe, photos, regions, seed, AppState};
use yinong_model::account::Role;
use yinong_model::import::{ImportKind, ImportWrite};
use yinong_store as store;
use yinong_store::{Change, NewUserRecord};

#[derive(Parser)]
#[command(
    name = "yinong-api",
    version,
    about = "The yinong server and its data tools"
)]
struct Cli {
    /// `sqlite://PATH` (the embedded default) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/yinong.db",
        global = true
    )]
    database_url: String,
    /// What a record the server acknowledged survives: `full` (the default) a power cut,
    /// `normal` only the server process crashing (faster commits; phones delete records
    /// once acknowledged, so a power cut could lose the last few).
    #[arg(long, env = "YINONG_DURABILITY", default_value = "full", global = true)]
    durability: store::Durability,
    /// How log lines are written: `text` for a terminal, `json` (one object a line, with
    /// the request's id) for journald and log collectors.
    #[arg(long, env = "YINONG_LOG_FORMAT", default_value = "text", global = true)]
    log_format: LogFormat,
    #[command(flatten)]
    photos: PhotoStorageArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app.
    Serve {
        #[arg(long, env = "YINONG_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// The folder Trunk built the app into.
        #[arg(long, env = "YINONG_DIST", default_value = "dist")]
        dist: PathBuf,
        /// Generate demo stations, informants, service records and demo accounts into an
        /// empty database.
        #[arg(long, env = "YINONG_DEMO")]
        demo: bool,
        /// Where farmers' sign-in codes go: the server log (development), an in-memory
        /// outbox readable at /api/test/outbox/{phone} (tests only), or an SMS gateway.
        #[arg(long, env = "YINONG_OTP_SENDER", value_enum, default_value = "log")]
        otp_sender: SenderKind,
        /// The SMS gateway's URL (with `--otp-sender http`); it receives
        /// `POST {"phone": …, "text": …}`.
        #[arg(long, env = "YINONG_SMS_GATEWAY_URL")]
        sms_gateway_url: Option<String>,
        #[arg(long, env = "YINONG_SMS_GATEWAY_TOKEN", hide_env_values = true)]
        sms_gateway_token: Option<String>,
        /// The address users reach the app at; `https://…` makes the session cookie Secure.
        #[arg(long, env = "YINONG_PUBLIC_URL")]
        public_url: Option<String>,
        /// The reverse proxies whose `X-Forwarded-For` names the client (addresses or
        /// networks, comma-separated, e.g. `127.0.0.1,::1`). Nobody's by default.
        #[arg(long, env = "YINONG_TRUSTED_PROXIES", default_value = "")]
        trusted_proxies: TrustedProxies,
        /// Serve `/metrics` (Prometheus) on this address, apart from the app.
        #[arg(long, env = "YINONG_METRICS_LISTEN")]
        metrics_listen: Option<SocketAddr>,
    },
    /// Write a consistent backup of the database to FILE while the server runs (SQLite:
    /// a copy of the database; PostgreSQL: `pg_dump --format=custom`).
    Backup { file: PathBuf },
    /// Put the backup in FILE in place of the database, with the server stopped (SQLite:
    /// the old file is kept aside; PostgreSQL: `pg_restore --clean` into the database).
    Restore { file: PathBuf },
    /// Move the photos kept so far into the bucket (`--to s3`, after setting
    /// `--photo-store s3`) or back into the database (`--to database`), with the bucket
    /// settings given. Safe while servers run, and to stop and run again.
    MovePhotos {
        #[arg(long, value_enum)]
        to: PhotoStoreKind,
    },
    /// Create a system administrator (the first account); reads the password from stdin.
    CreateAdmin {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        #[arg(long)]
        username: Option<String>,
    },
    /// Import a register from an XLSX or CSV file made from the template (`GET
    /// /api/imports/KIND/template`), as the system: every row is checked first and each
    /// problem printed with its row and column. `--write all` writes the file only when it is
    /// clean; `--write clean` writes its clean rows and the others into `--rejected`. Safe to
    /// repeat: a row already imported changes nothing.
    Import {
        #[arg(value_parser = ["stations", "informants", "operators", "poverty", "merges"])]
        kind: String,
        file: PathBuf,
        #[arg(long, value_enum, default_value = "check")]
        write: WriteArg,
        /// Where `--write clean` puts the rows left out (CSV, with their problems).
        #[arg(long)]
        rejected: Option<PathBuf>,
    },
    /// Load divisions from a folder of provinces/cities/areas/streets/villages .csv.gz
    /// files (the national set: 620,573 villages). Safe to repeat. Villages stored before in
    /// the counties the files cover but no longer listed (merged away, 撤并) are counted;
    /// with --suggest-merges FILE a merge table is written for them, each with the village
    /// of its township whose name is closest, to confirm and load with `import merges`.
    ImportRegions {
        dir: PathBuf,
        #[arg(long)]
        suggest_merges: Option<PathBuf>,
    },
    /// Benchmark fixture: generate stations in a share of all villages in the database
    /// (`cargo xtask bench` uses it after a national import).
    #[command(hide = true)]
    BenchFixture {
        #[arg(long, default_value_t = 0.725)]
        share: f64,
    },
    /// Sync benchmark baseline: seed the demo, then time COUNT bare inserts of price
    /// reports (`cargo xtask bench` compares syncing as many over HTTP with it).
    #[command(hide = true)]
    BenchBareInserts {
        #[arg(long, default_value_t = 1000)]
        count: usize,
    },
    /// Burst benchmark: seed the demo and COUNT qualified informants
    /// (`bench-informant-N`, the demo password) over the villages of 许庄街道.
    #[command(hide = true)]
    BenchInformants {
        #[arg(long)]
        count: usize,
    },
    /// Burst benchmark: how many price reports whose product starts with PREFIX are
    /// stored, and how many distinct products they have.
    #[command(hide = true)]
    BenchCountReports {
        #[arg(long)]
        prefix: String,
    },
    /// Load region boundaries for the coverage map from GeoJSON files or .tgz archives of
    /// them (features keyed by 行政区划代码 or, failing that, by name), simplified for phones.
    /// Safe to repeat. With --write DIR, write one simplified file per parent region into
    /// DIR instead (how api/seed/geo is made).
    ImportGeo {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum WriteArg {
    Check,
    All,
    Clean,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "yinong_api=info".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    // Backups work on the database as it is: nothing is migrated or opened for serving.
    match &cli.command {
        Command::Backup { file } => {
            store::backup::backup(&cli.database_url, file).await?;
            println!("backed up to {}", file.display());
            return Ok(());
        }
        Command::Restore { file } => {
            let restored = store::backup::restore(&cli.database_url, file).await?;
            println!("restored from {}", file.display());
            if let Some(aside) = restored.kept_aside {
                println!("the database that was there is kept as {}", aside.display());
            }
            return Ok(());
        }
        _ => {}
    }
    let photos = cli.photos.open().await?;
    let store = store::connect_with(&cli.database_url, cli.durability, photos).await?;
    match cli.command {
        Command::Serve {
            listen,
            dist,
            demo,
            otp_sender,
            sms_gateway_url,
            sms_gateway_token,
            public_url,
            trusted_proxies,
            metrics_listen,
        } => {
            let sender: Arc<dyn CodeSender> = match otp_sender {
                SenderKind::Log => Arc::new(LogSender),
                SenderKind::Outbox => Arc::new(OutboxSender::default()),
                SenderKind::Http => Arc::new(HttpSender::new(
                    sms_gateway_url.ok_or(
                        "--otp-sender http needs --sms-gateway-url (YINONG_SMS_GATEWAY_URL)",
                    )?,
                    sms_gateway_token,
                )),
            };
            let secure_cookies = public_url
                .as_deref()
                .is_some_and(|url| url.starts_with("https://"));
            seed::prepare(store.as_ref(), demo).await?;
            let listener = tokio::net::TcpListener::bind(listen).await?;
            let address = listener.local_addr()?;
            println!(
                "yinong is serving at http://{address}/ ({:?}, app from {})",
                store.backend(),
                dist.display()
            );
            tokio::spawn(keep_purging(Arc::clone(&store)));
            let state = AppState {
                proxies: Arc::new(trusted_proxies),
                ..AppState::new(store, AuthConfig::new(sender, secure_cookies))
            };
            if let Some(metrics_listen) = metrics_listen {
                let listener = tokio::net::TcpListener::bind(metrics_listen).await?;
                println!("metrics at http://{}/metrics", listener.local_addr()?);
                let metrics = observe::metrics_app(state.metrics.clone(), state.store.clone());
                tokio::spawn(async move { axum::serve(listener, metrics).await });
            }
            yinong_api::serve::serve(listener, app(state, dist), shutdown_signal()).await?;
        }
        Command::CreateAdmin {
            name,
            phone,
            username,
        } => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < password::MIN_LENGTH {
                return Err(format!(
                    "the password needs at least {} characters",
                    password::MIN_LENGTH
                )
                .into());
            }
            let admin = NewUserRecord {
                role: Role::SystemAdmin,
                region_code: None,
                name,
                phone,
                username,
                password_hash: Some(hashing::hash(password)),
                id_card: None,
            };
            let change = Change {
                actor_id: None,
                action: "admin_created",
                at: chrono::Utc::now(),
            };
            let id = store.create_user(&admin, change).await?;
            println!("created system administrator {id}");
        }
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::MovePhotos { to } => {
            let place = match to {
                PhotoStoreKind::Database => "数据库",
                PhotoStoreKind::S3 => "对象存储",
            };
            let before = store.photo_places().await?;
            println!(
                "照片：数据库中 {}，对象存储中 {}",
                before.in_database, before.in_bucket
            );
            let started = Instant::now();
            let mut shown = 0;
            let moved = photos::storage::move_all(store.as_ref(), to.place(), |moved| {
                if moved >= shown + 1000 {
                    shown = moved;
                    println!("已移入{place} {moved} 张");
                }
            })
            .await?;
            let after = store.photo_places().await?;
            println!(
                "移入{place} {moved} 张（{:.1} 秒）；现在数据库中 {}，对象存储中 {}",
                started.elapsed().as_secs_f64(),
                after.in_database,
                after.in_bucket
            );
        }
        Command::Import {
            kind,
            file,
            write,
            rejected,
        } => {
            seed::prepare(store.as_ref(), false).await?;
            let kind = ImportKind::from_code(&kind).expect("clap checked the kind");
            let write = match write {
                WriteArg::Check => ImportWrite::Check,
                WriteArg::All => ImportWrite::All,
                WriteArg::Clean => ImportWrite::Clean,
            };
            let bytes = std::fs::read(&file)?;
            let state = AppState::new(store, AuthConfig::new(Arc::new(LogSender), false));
            let system = Actor {
                user_id: 0,
                role: Role::SystemAdmin,
                region: None,
            };
            let started = Instant::now();
            let report = imports::import(&state, &system, None, kind, &bytes, write)
                .await
                .map_err(|e| e.to_string())?;
            for problem in report.problems.iter() {
                let column = if problem.column.is_empty() {
                    String::new()
                } else {
                    format!("【{}】", problem.column)
                };
                println!("第 {} 行{column}：{}", problem.line, problem.message);
            }
            println!(
                "{}：{} 行，{} 行无误，{} 个问题",
                kind.name_zh(),
                report.rows,
                report.clean_rows,
                report.problem_count
            );
            match report.written {
                Some(tally) => println!(
                    "已写入：新增 {}，更新 {}，未变 {}（{:.1} 秒）",
                    tally.created,
                    tally.updated,
                    tally.unchanged,
                    started.elapsed().as_secs_f64()
                ),
                None => println!("未写入任何数据"),
            }
            if let (Some(path), Some(csv)) = (rejected, &report.rejected_csv) {
                std::fs::write(&path, csv)?;
                println!("有问题的行已写入 {}", path.display());
            }
            if report.problem_count > 0 {
                std::process::exit(1);
            }
        }
        Command::ImportRegions {
            dir,
            suggest_merges,
        } => {
            let started = Instant::now();
            let (counts, villages) = regions::import::load_dir(store.as_ref(), &dir).await?;
            seed::seed_targets(store.as_ref()).await?;
            println!(
                "imported {counts} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            let gone = regions::merges::suggest(store.as_ref(), &villages).await?;
            if !gone.is_empty() {
                println!("{} villages stored before are no longer listed", gone.len());
            }
            if let Some(path) = suggest_merges {
                let table = regions::merges::merge_table(&gone).map_err(|e| e.to_string())?;
                std::fs::write(&path, table)?;
                println!(
                    "merge table to confirm written to {} (then: yinong-api import merges {} --write all)",
                    path.display(),
                    path.display()
                );
            }
        }
        Command::BenchFixture { share } => {
            // The records refer to the service catalogue: the reference data comes first.
            seed::prepare(store.as_ref(), false).await?;
            let started = Instant::now();
            let stored = seed::generate_national(store.as_ref(), share).await?;
            println!(
                "generated {stored} stations in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::BenchInformants { count } => {
            seed::prepare(store.as_ref(), true).await?;
            let township = yinong_model::region::RegionCode::parse("370811002")?;
            seed::ensure_bench_informants(store.as_ref(), &township, count).await?;
        }
        Command::BenchCountReports { prefix } => {
            let (rows, distinct) =
                store::bench::count_price_reports(&cli.database_url, &prefix).await?;
            println!("{rows} {distinct}");
        }
        Command::BenchBareInserts { count } => {
            seed::prepare(store.as_ref(), true).await?;
            let informant = store
                .user_by_login("zhangying-informant")
                .await?
                .ok_or("the demo informant is missing")?;
            let village = informant
                .region_code
                .ok_or("the demo informant has no village")?;
            let took = store::bench::bare_price_inserts(
                &cli.database_url,
                cli.durability,
                &village,
                count,
                informant.id,
            )
            .await?;
            println!("{count} bare inserts in {:.1} ms", took.as_secs_f64() * 1e3);
        }
        Command::ImportGeo { files, write } => {
            let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            let import = regions::shapes::read_paths(store.as_ref(), &paths).await?;
            for skipped in &import.skipped {
                eprintln!("skipped {skipped}");
            }
            match write {
                Some(dir) => {
                    for file in
                        regions::shapes::write_collections(store.as_ref(), &import, &dir).await?
                    {
                        println!("wrote {file}");
                    }
                }
                None => {
                    regions::shapes::store_shapes(store.as_ref(), &import.shapes).await?;
                    println!(
                        "stored {} boundaries ({} features skipped)",
                        import.shapes.len(),
                        import.skipped.len()
                    );
                }
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SenderKind {
    Log,
    Outbox,
    Http,
}

/// Every ten minutes, deletes sessions, codes and sign-in counts that have expired.
async fn keep_purging(store: Arc<dyn yinong_store::Store>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        let now = chrono::Utc::now();
        match yinong_api::auth::purge_expired(store.as_ref(), now).await {
            Ok(purged) => tracing::debug!(?purged, "purged expired sign-in data"),
            Err(error) => tracing::warn!("purging expired sign-in data: {error}"),
        }
        match yinong_api::photos::remove_unused(store.as_ref(), now).await {
            Ok(removed) => tracing::debug!(removed, "removed photos no record used"),
            Err(error) => tracing::warn!("removing unused photos: {error}"),
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
