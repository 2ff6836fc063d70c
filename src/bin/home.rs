//! The farmer's first load: the home page alone (my village, its station, the services).
fn main() {
    yinong::start(yinong::app::HomeApp);
}
