use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use yinong_api::{app, regions, seed, store, AppState};

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
        /// Generate demo stations, informants and service records into an empty database.
        #[arg(long, env = "YINONG_DEMO")]
        demo: bool,
    },
    /// Load divisions from a folder of provinces/cities/areas/streets/villages .csv.gz
    /// files (the national set: 620,573 villages). Safe to repeat.
    ImportRegions { dir: PathBuf },
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "yinong_api=info,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let store = store::connect(&cli.database_url).await?;
    match cli.command {
        Command::Serve { listen, dist, demo } => {
            seed::prepare(store.as_ref(), demo).await?;
            let listener = tokio::net::TcpListener::bind(listen).await?;
            let address = listener.local_addr()?;
            println!(
                "yinong is serving at http://{address}/ ({:?}, app from {})",
                store.backend(),
                dist.display()
            );
            axum::serve(listener, app(AppState { store }, dist))
                .with_graceful_shutdown(shutdown_signal())
                .await?;
        }
        Command::ImportRegions { dir } => {
            let started = Instant::now();
            let counts = regions::import::import_dir(store.as_ref(), &dir).await?;
            seed::seed_targets(store.as_ref()).await?;
            println!(
                "imported {counts} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
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
