//! The farmers' pages after the home page: the services, phone sign-in, 我的.
fn main() {
    yinong::start(yinong::app::PortalApp);
}
