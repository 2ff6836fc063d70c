//! The staff entry point under `/staff/`: workbench, dashboard, account management.
fn main() {
    yinong::start(yinong::app::StaffApp);
}
