//! The farmers' entry point: home, services, phone sign-in, 我的.
fn main() {
    yinong::start(yinong::app::PortalApp);
}
