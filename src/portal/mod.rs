//! The farmer portal: the home page (my village, its station, the four services) and the
//! catalogue of the services.

mod home;
mod nearby;
mod services;
mod station;
mod village;

pub use home::Home;
pub use nearby::{default_scope, nearby_scopes, place_label, post_places, ScopeButtons};
pub use services::Services;
pub use station::{current_position, MyStations};
pub use village::{my_village, VillagePicker};

use yinong_model::service::ServiceKind;

/// The mark shown beside a service type (one character, so no icon font is needed).
fn service_mark(kind: ServiceKind) -> (&'static str, &'static str) {
    match kind {
        ServiceKind::PublicWelfare => ("公", "mark mark-public-welfare"),
        ServiceKind::Convenience => ("便", "mark mark-convenience"),
        ServiceKind::ECommerce => ("商", "mark mark-e-commerce"),
        ServiceKind::Training => ("学", "mark mark-training"),
    }
}
