//! Running commands from the workspace root, with failures that say what failed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// A command to run from the workspace root.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

fn describe(command: &Command) -> String {
    let args: Vec<_> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        args.join(" ")
    )
}

/// Runs to the end with output shown; an error unless it succeeded.
pub fn run(command: &mut Command) -> Result {
    println!("xtask: $ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Runs quietly and returns standard output, or `None` when it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A program is present when it answers `--version`.
pub fn answers(program: impl AsRef<std::ffi::OsStr>) -> bool {
    output(Command::new(program).arg("--version")).is_some()
}

pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Installs Debian packages (as root, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result {
    let apt = |args: &[&str]| {
        let mut apt = if is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        apt
    };
    run(&mut apt(&["update", "-q"]))?;
    run(apt(&["install", "-y", "-q", "--no-install-recommends"]).args(packages))
}

/// Runs to the end, echoing standard output and handing each line to `each_line`; true
/// when it succeeded.
pub fn run_reading_lines(command: &mut Command, mut each_line: impl FnMut(&str)) -> Result<bool> {
    println!("xtask: $ {}", describe(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", describe(command)))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        each_line(&line);
    }
    Ok(child.wait().map_err(|e| e.to_string())?.success())
}
