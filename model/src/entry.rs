//! The app's entry points: separate WebAssembly bundles, since Trunk cannot split code.
//! The farmer's home page is its own small bundle (the first load on a weak network), the
//! rest of the portal a second, staff pages a third. The server sends the page of the
//! entry point that routes a path; the app follows a link in place only inside its own.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryPoint {
    /// `/`: my village, its station, the four services.
    Home,
    /// Every other farmer page: the services, phone sign-in, 我的.
    Portal,
    /// `/staff…`: workbench, dashboard, stations, accounts.
    Staff,
}

impl EntryPoint {
    pub const ALL: [EntryPoint; 3] = [Self::Home, Self::Portal, Self::Staff];

    /// The entry point of a path or link (a query or fragment after it is ignored).
    pub fn of(href: &str) -> Self {
        let path = href.split(['?', '#']).next().unwrap_or_default();
        if path == "/staff" || path.starts_with("/staff/") {
            Self::Staff
        } else if path == "/" || path.is_empty() {
            Self::Home
        } else {
            Self::Portal
        }
    }

    /// Its folder inside the built app (`dist/`); the home page is at the root.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Home => "",
            Self::Portal => "portal",
            Self::Staff => "staff",
        }
    }

    /// Where its tab bar's first tab and its not-found page lead.
    pub fn home(self) -> &'static str {
        match self {
            Self::Home | Self::Portal => "/",
            Self::Staff => "/staff",
        }
    }
}

/// Trunk names built files `name-<hash>[_bg].ext`, the hash a 64-bit number in hex
/// without leading zeros (so occasionally fewer than 16 digits); their content never
/// changes under that name, so they may be cached for good.
pub fn is_hashed_file(file: &str) -> bool {
    let stem = file
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_belong_to_one_entry_point() {
        assert_eq!(EntryPoint::of("/"), EntryPoint::Home);
        assert_eq!(EntryPoint::of("/?lang=en"), EntryPoint::Home);
        assert_eq!(EntryPoint::of("/services#training"), EntryPoint::Portal);
        assert_eq!(EntryPoint::of("/services"), EntryPoint::Portal);
        assert_eq!(EntryPoint::of("/me"), EntryPoint::Portal);
        assert_eq!(EntryPoint::of("/staffing"), EntryPoint::Portal);
        assert_eq!(EntryPoint::of("/staff"), EntryPoint::Staff);
        assert_eq!(EntryPoint::of("/staff/dashboard"), EntryPoint::Staff);
    }
}
