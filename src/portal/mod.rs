//! The farmer portal: the home page and the catalogue of the four services.

mod home;
mod services;

pub use home::Home;
pub use services::Services;

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
