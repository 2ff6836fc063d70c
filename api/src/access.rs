//! Who may do what, decided in one place.
//!
//! Every staff account is bound to a region (or the nation) and its scope is that region's
//! whole subtree. [`authorize`] is the only function that answers "may this actor do this
//! to an object in that region"; list queries take the [`Scope`] it yields and filter in SQL,
//! so nothing outside the scope is ever read.

use yinong_model::account::Role;
use yinong_model::region::{RegionCode, RegionLevel};

/// A signed-in account, as access decisions see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    /// `None`: the nation.
    pub region: Option<RegionCode>,
}

/// What an actor wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Create, change or disable an account of this role (real-name registration).
    ManageAccount(Role),
    /// Read the audit log.
    ViewAudit,
    /// Read coverage, stations and targets (the dashboard).
    ViewCoverage,
    /// Declare a station.
    DeclareStation,
    /// Approve or reject, record building and acceptance, open, suspend or close a
    /// station, and edit its details: the county decides.
    ManageStation,
    /// Set or change a target.
    EditTarget,
    /// Read, accept, finish or cancel farmers' requests to a station.
    ServeRequests,
    /// Publish or withdraw a notice, policy or warning for a region.
    PublishBulletin,
    /// Approve, refuse or take down what farmers post on the public boards.
    ReviewListings,
    /// Answer farmers' 12316 questions.
    AnswerQuestions,
    /// See a county's answer times per expert.
    OverseeExperts,
    /// Read a county's operator contracts, their correction notices and the operators'
    /// annual assessment.
    OverseeOperators,
    /// Sign, replace and give correction notices to a county's operators, and check their
    /// answers: the county.
    ManageOperators,
    /// Schedule group training (集中培训) for a county or township and record attendance.
    OrganiseTraining,
    /// Report from one's village: market prices, village news.
    ReportFromVillage,
    /// Approve or refuse informants' reports before they are published.
    ReviewReports,
    /// See informants' qualification; suspend, dismiss or send them back to qualify.
    ManageInformants,
    /// Set the exam's pass mark for a county.
    SetPassMark,
    /// Upload a register to import (each row is then decided on its own).
    ImportRegisters,
    /// File the county's accepted stations to the city (备案).
    FileStations,
    /// Confirm or return a county's filing or monthly progress report, and read the sums
    /// of those accepted: the city, or those above it.
    ConfirmFilings,
    /// Send the county's monthly progress report to the city.
    ReportProgress,
    /// Publish the province's 通报 (its cities and counties ranked) to them.
    PublishCircular,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("没有权限执行此操作")]
pub struct Denied;

pub use yinong_store::accounts::Scope;

/// The roles each role may create and manage.
pub fn manageable_roles(role: Role) -> &'static [Role] {
    use Role::*;
    match role {
        SystemAdmin => &Role::ALL,
        Leader => &[Leader, CountyAdmin, TownshipAdmin, Expert, Operator],
        CountyAdmin => &[TownshipAdmin, Informant, Expert],
        TownshipAdmin => &[Informant],
        Farmer | Informant | Expert | Operator => &[],
    }
}

/// True when `region` lies in the subtree of `scope` (`None` is the nation, which holds
/// every region; only the nation's scope holds the nation itself).
pub fn in_scope(scope: Option<&RegionCode>, region: Option<&RegionCode>) -> bool {
    match (scope, region) {
        (None, _) => true,
        (Some(scope), Some(region)) => scope.contains(region),
        (Some(_), None) => false,
    }
}

/// How far from their own village an informant may post for someone without a smartphone
/// (代发).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// 供求: produce is sold from the village it grows in, and the village's board is where
    /// buyers look for it.
    Village,
    /// Work: hands are hired across the township (a co-op or a farm of the next village),
    /// so a post may stand for the whole township.
    VillageOrTownship,
}

/// Whether an informant of `village` may post for someone at `place`, within `reach`.
pub fn may_post_at(village: &RegionCode, place: &RegionCode, reach: Reach) -> bool {
    place == village
        || (reach == Reach::VillageOrTownship && village.parent().as_ref() == Some(place))
}

/// The one access decision. Deny unless a rule allows.
pub fn authorize(actor: &Actor, action: Action, region: Option<&RegionCode>) -> Result<(), Denied> {
    if !in_scope(actor.region.as_ref(), region) {
        return Err(Denied);
    }
    let allowed = match action {
        Action::ManageAccount(role) => {
            let level = region.map(RegionCode::level);
            manageable_roles(actor.role).contains(&role)
                && role.allowed_levels().contains(&level)
                // Nobody creates a peer: an account of one's own role must sit strictly below.
                && (role != actor.role || actor.role == Role::SystemAdmin || region != actor.region.as_ref())
        }
        Action::ViewAudit => matches!(
            actor.role,
            Role::SystemAdmin | Role::Leader | Role::CountyAdmin
        ),
        Action::ViewCoverage => actor.role.uses_dashboard(),
        Action::DeclareStation => actor.role.declares_stations(),
        Action::ManageStation | Action::EditTarget => actor.role.manages_stations(),
        Action::ServeRequests => actor.role.serves_requests(),
        Action::PublishBulletin => actor.role.publishes_bulletins(),
        Action::ReviewListings => actor.role.reviews_listings(),
        Action::AnswerQuestions => actor.role.answers_questions(),
        // Those who train and qualify informants organise the group training (held by a
        // county or township: `model::group_training::session_problem`).
        Action::OrganiseTraining => actor.role.manages_informants(),
        Action::OverseeExperts | Action::OverseeOperators => {
            actor.role.oversees_county()
                && region.map(RegionCode::level) == Some(RegionLevel::County)
        }
        Action::ManageOperators => {
            actor.role.manages_stations()
                && region.map(RegionCode::level) == Some(RegionLevel::County)
        }
        Action::ReportFromVillage => actor.role.reports_from_village(),
        Action::ReviewReports => actor.role.reviews_reports(),
        Action::ManageInformants => actor.role.manages_informants(),
        Action::ImportRegisters => actor.role.imports_registers(),
        // The county files upward: its accepted stations and its monthly progress.
        Action::FileStations | Action::ReportProgress => {
            actor.role.files_stations()
                && region.map(RegionCode::level) == Some(RegionLevel::County)
        }
        Action::PublishCircular => {
            actor.role.confirms_filings()
                && actor
                    .region
                    .as_ref()
                    .is_none_or(|own| own.level() == RegionLevel::Province)
                && region.map(RegionCode::level) == Some(RegionLevel::Province)
        }
        Action::ConfirmFilings => {
            actor.role.confirms_filings()
                && actor
                    .region
                    .as_ref()
                    .is_none_or(|own| own.level() <= RegionLevel::City)
        }
        Action::SetPassMark => {
            actor.role.manages_stations()
                && region.map(RegionCode::level) == Some(RegionLevel::County)
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied)
    }
}

/// True when `actor` made the thing `owner` made (a post, a question, news, a request):
/// only its maker takes it down, rates the answer or reads it before review, and nobody
/// reviews or reports their own.
pub fn is_owner(actor: &Actor, owner: i64) -> bool {
    actor.user_id == owner
}

/// What only its maker may do to a thing `owner` made.
pub fn authorize_owner(actor: &Actor, owner: i64) -> Result<(), Denied> {
    if is_owner(actor, owner) {
        Ok(())
    } else {
        Err(Denied)
    }
}

/// True when `actor` uses the farmer's side of the service: only a farmer's account chooses
/// a home village and asks a station for 代办 or 代购.
pub fn acts_as_farmer(actor: &Actor) -> bool {
    actor.role == Role::Farmer
}

/// The region a list of objects `action` applies to is narrowed to (the store filters on
/// it): the actor's own region's subtree (`None`: the nation), once they may do `action`
/// there.
pub fn list_scope(actor: &Actor, action: Action) -> Result<Option<RegionCode>, Denied> {
    authorize(actor, action, actor.region.as_ref())?;
    Ok(actor.region.clone())
}

/// The accounts an actor's user lists may show: within their region, of roles they manage.
pub fn account_scope(actor: &Actor) -> Scope {
    Scope {
        within: actor.region.clone(),
        roles: manageable_roles(actor.role).to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    fn actor(role: Role, region: Option<&str>) -> Actor {
        Actor {
            user_id: 1,
            role,
            region: region.map(code),
        }
    }

    #[test]
    fn the_county_decides_on_stations_and_leaders_only_watch() {
        let county = actor(Role::CountyAdmin, Some("370811"));
        let township = actor(Role::TownshipAdmin, Some("370811001"));
        let leader = actor(Role::Leader, Some("3708"));
        let village = code("370811001001");
        let elsewhere = code("370812001001");
        let allowed =
            |who: &Actor, action, region: &RegionCode| authorize(who, action, Some(region)).is_ok();
        assert!(allowed(&county, Action::ManageStation, &village));
        assert!(!allowed(&county, Action::ManageStation, &elsewhere));
        assert!(allowed(&township, Action::DeclareStation, &village));
        assert!(!allowed(&township, Action::ManageStation, &village));
        assert!(allowed(&leader, Action::ViewCoverage, &village));
        assert!(!allowed(&leader, Action::ManageStation, &village));
        assert!(!allowed(&leader, Action::EditTarget, &village));
        assert!(allowed(&county, Action::EditTarget, &code("370811")));
        assert!(
            !allowed(&county, Action::EditTarget, &code("3708")),
            "not above their county"
        );
        assert!(!allowed(
            &actor(Role::Informant, Some("370811001001")),
            Action::ViewCoverage,
            &village
        ));
    }

    #[test]
    fn the_county_files_its_stations_and_the_city_above_confirms() {
        let county = actor(Role::CountyAdmin, Some("370811"));
        let city = actor(Role::Leader, Some("3708"));
        let county_leader = actor(Role::Leader, Some("370811"));
        let own = code("370811");
        let allowed =
            |who: &Actor, action, region: &RegionCode| authorize(who, action, Some(region)).is_ok();
        assert!(allowed(&county, Action::FileStations, &own));
        assert!(!allowed(&county, Action::FileStations, &code("370811001")));
        assert!(!allowed(&county, Action::FileStations, &code("370812")));
        assert!(
            !allowed(&county, Action::ConfirmFilings, &own),
            "not its own"
        );
        assert!(allowed(&city, Action::ConfirmFilings, &own));
        assert!(!allowed(&city, Action::FileStations, &own));
        assert!(!allowed(&city, Action::ConfirmFilings, &code("530402")));
        assert!(
            !allowed(&county_leader, Action::ConfirmFilings, &own),
            "the level above confirms"
        );
        assert_eq!(
            list_scope(&city, Action::ConfirmFilings),
            Ok(Some(code("3708")))
        );
    }

    #[test]
    fn the_county_reports_progress_and_only_a_province_publishes_its_circular() {
        let allowed =
            |who: &Actor, action, region: &str| authorize(who, action, Some(&code(region))).is_ok();
        let county = actor(Role::CountyAdmin, Some("370811"));
        let city = actor(Role::Leader, Some("3708"));
        let province = actor(Role::Leader, Some("37"));
        assert!(allowed(&county, Action::ReportProgress, "370811"));
        assert!(!allowed(&city, Action::ReportProgress, "370811"));
        assert!(allowed(&province, Action::PublishCircular, "37"));
        assert!(
            !allowed(&province, Action::PublishCircular, "3708"),
            "a province's"
        );
        assert!(!allowed(&city, Action::PublishCircular, "37"));
        assert!(!allowed(
            &actor(Role::CountyAdmin, Some("37")),
            Action::PublishCircular,
            "37"
        ));
    }

    #[test]
    fn the_county_and_those_above_see_a_county_s_answer_times() {
        let allowed = |who: &Actor, region: &str| {
            authorize(who, Action::OverseeExperts, Some(&code(region))).is_ok()
        };
        assert!(allowed(&actor(Role::CountyAdmin, Some("370811")), "370811"));
        assert!(allowed(&actor(Role::Leader, Some("3708")), "370811"));
        assert!(
            !allowed(&actor(Role::Leader, Some("3708")), "3708"),
            "a county's"
        );
        assert!(!allowed(
            &actor(Role::CountyAdmin, Some("370811")),
            "370812"
        ));
        for role in [
            Role::TownshipAdmin,
            Role::Expert,
            Role::Operator,
            Role::Informant,
        ] {
            assert!(!allowed(&actor(role, Some("370811")), "370811"), "{role:?}");
        }
    }

    #[test]
    fn the_county_manages_its_operators_and_the_leaders_above_read_them() {
        let allowed =
            |who: &Actor, action, region: &str| authorize(who, action, Some(&code(region))).is_ok();
        let county = actor(Role::CountyAdmin, Some("370811"));
        let city = actor(Role::Leader, Some("3708"));
        assert!(allowed(&county, Action::ManageOperators, "370811"));
        assert!(!allowed(&county, Action::ManageOperators, "370812"));
        assert!(
            !allowed(&county, Action::ManageOperators, "370811001"),
            "a county's contracts"
        );
        assert!(!allowed(&city, Action::ManageOperators, "370811"));
        assert!(allowed(&city, Action::OverseeOperators, "370811"));
        for role in [Role::TownshipAdmin, Role::Operator, Role::Informant] {
            let them = actor(role, Some("370811"));
            assert!(
                !allowed(&them, Action::OverseeOperators, "370811"),
                "{role:?}"
            );
            assert!(
                !allowed(&them, Action::ManageOperators, "370811"),
                "{role:?}"
            );
        }
    }

    #[test]
    fn a_township_administrator_registers_informants_of_their_township_only() {
        let admin = actor(Role::TownshipAdmin, Some("370811001"));
        let own_village = code("370811001001");
        let other_village = code("370811002001");
        assert_eq!(
            authorize(
                &admin,
                Action::ManageAccount(Role::Informant),
                Some(&own_village)
            ),
            Ok(())
        );
        assert_eq!(
            authorize(
                &admin,
                Action::ManageAccount(Role::Informant),
                Some(&other_village)
            ),
            Err(Denied)
        );
        assert_eq!(
            authorize(
                &admin,
                Action::ManageAccount(Role::TownshipAdmin),
                Some(&own_village)
            ),
            Err(Denied)
        );
        // An informant is bound to a village, not a township.
        assert_eq!(
            authorize(
                &admin,
                Action::ManageAccount(Role::Informant),
                Some(&code("370811001"))
            ),
            Err(Denied)
        );
    }

    #[test]
    fn a_county_administrator_creates_township_administrators_in_the_county() {
        let admin = actor(Role::CountyAdmin, Some("370811"));
        assert!(authorize(
            &admin,
            Action::ManageAccount(Role::TownshipAdmin),
            Some(&code("370811001"))
        )
        .is_ok());
        assert!(authorize(
            &admin,
            Action::ManageAccount(Role::TownshipAdmin),
            Some(&code("370812001"))
        )
        .is_err());
        assert!(authorize(
            &admin,
            Action::ManageAccount(Role::CountyAdmin),
            Some(&code("370811"))
        )
        .is_err());
        assert!(authorize(
            &admin,
            Action::ManageAccount(Role::Leader),
            Some(&code("370811"))
        )
        .is_err());
        assert!(authorize(
            &admin,
            Action::ManageAccount(Role::Expert),
            Some(&code("370811"))
        )
        .is_ok());
    }

    #[test]
    fn leaders_create_leaders_only_below_themselves() {
        let province = actor(Role::Leader, Some("37"));
        assert!(authorize(
            &province,
            Action::ManageAccount(Role::Leader),
            Some(&code("3708"))
        )
        .is_ok());
        assert!(authorize(
            &province,
            Action::ManageAccount(Role::Leader),
            Some(&code("37"))
        )
        .is_err());
        assert!(authorize(&province, Action::ManageAccount(Role::Leader), None).is_err());
        let nation = actor(Role::Leader, None);
        assert!(authorize(
            &nation,
            Action::ManageAccount(Role::Leader),
            Some(&code("53"))
        )
        .is_ok());
        assert!(authorize(&nation, Action::ManageAccount(Role::Leader), None).is_err());
        assert!(authorize(&nation, Action::ManageAccount(Role::SystemAdmin), None).is_err());
    }

    #[test]
    fn roles_without_management_are_denied_everything() {
        for role in [Role::Farmer, Role::Informant, Role::Expert, Role::Operator] {
            let someone = actor(role, Some("370811001001"));
            for target in Role::ALL {
                assert!(authorize(
                    &someone,
                    Action::ManageAccount(target),
                    Some(&code("370811001001"))
                )
                .is_err());
            }
            assert!(authorize(&someone, Action::ViewAudit, Some(&code("370811001001"))).is_err());
        }
    }

    #[test]
    fn a_village_informant_reviews_posts_of_their_village_and_the_township_of_its_villages() {
        let informant = actor(Role::Informant, Some("370811001001"));
        let township = actor(Role::TownshipAdmin, Some("370811001"));
        let own_village = code("370811001001");
        let neighbour_village = code("370811001002");
        let township_wide = code("370811001");
        let reviews = |who: &Actor, region: &RegionCode| {
            authorize(who, Action::ReviewListings, Some(region)).is_ok()
        };
        assert!(reviews(&informant, &own_village));
        assert!(!reviews(&informant, &neighbour_village));
        assert!(!reviews(&informant, &township_wide));
        assert!(reviews(&township, &neighbour_village));
        assert!(reviews(&township, &township_wide));
        for watcher in [Role::Leader, Role::Expert, Role::Operator, Role::Farmer] {
            assert!(!reviews(&actor(watcher, Some("370811001")), &own_village));
        }
    }

    #[test]
    fn informants_report_from_their_village_and_the_township_above_reviews_it() {
        let village = code("370811001001");
        let informant = actor(Role::Informant, Some("370811001001"));
        let township = actor(Role::TownshipAdmin, Some("370811001"));
        assert!(authorize(&informant, Action::ReportFromVillage, Some(&village)).is_ok());
        assert!(
            authorize(&informant, Action::ReviewReports, Some(&village)).is_err(),
            "nobody approves their own report"
        );
        assert!(authorize(&township, Action::ReviewReports, Some(&village)).is_ok());
        assert!(authorize(&township, Action::ReportFromVillage, Some(&village)).is_err());
        assert!(authorize(
            &township,
            Action::ReviewReports,
            Some(&code("370811002001"))
        )
        .is_err());
    }

    #[test]
    fn administrators_above_a_village_oversee_its_informant_and_the_county_sets_the_pass_mark() {
        let village = code("370811001001");
        let county = code("370811");
        let township = actor(Role::TownshipAdmin, Some("370811001"));
        let county_admin = actor(Role::CountyAdmin, Some("370811"));
        let informant = actor(Role::Informant, Some("370811001001"));
        assert!(authorize(&township, Action::ManageInformants, Some(&village)).is_ok());
        assert!(authorize(&county_admin, Action::ManageInformants, Some(&village)).is_ok());
        assert!(authorize(&informant, Action::ManageInformants, Some(&village)).is_err());
        assert!(
            authorize(
                &township,
                Action::ManageInformants,
                Some(&code("370811002001"))
            )
            .is_err(),
            "another township's village"
        );
        assert!(authorize(&county_admin, Action::SetPassMark, Some(&county)).is_ok());
        assert!(
            authorize(&county_admin, Action::SetPassMark, Some(&village)).is_err(),
            "a pass mark is a county's"
        );
        assert!(authorize(&township, Action::SetPassMark, Some(&county)).is_err());
        let admin = actor(Role::SystemAdmin, None);
        assert!(authorize(&admin, Action::SetPassMark, Some(&county)).is_ok());
        let leader = actor(Role::Leader, Some("3708"));
        assert!(authorize(&leader, Action::SetPassMark, Some(&county)).is_err());
    }

    #[test]
    fn the_nation_is_only_in_the_nations_scope() {
        assert!(in_scope(None, None));
        assert!(in_scope(None, Some(&code("37"))));
        assert!(!in_scope(Some(&code("37")), None));
        assert!(!in_scope(Some(&code("3708")), Some(&code("37"))));
    }

    #[test]
    fn an_informant_posts_work_across_the_township_but_produce_only_in_the_village() {
        let village = code("370811001001");
        let township = code("370811001");
        let neighbour = code("370811001002");
        assert!(may_post_at(&village, &village, Reach::Village));
        assert!(!may_post_at(&village, &township, Reach::Village));
        assert!(may_post_at(&village, &township, Reach::VillageOrTownship));
        assert!(!may_post_at(&village, &neighbour, Reach::VillageOrTownship));
        assert!(!may_post_at(
            &village,
            &code("370811"),
            Reach::VillageOrTownship
        ));
        assert!(!may_post_at(
            &village,
            &code("370812001"),
            Reach::VillageOrTownship
        ));
    }

    #[test]
    fn a_list_is_narrowed_to_the_actors_region_once_they_may_act_there() {
        let township = actor(Role::TownshipAdmin, Some("370811001"));
        assert_eq!(
            list_scope(&township, Action::ReviewReports),
            Ok(Some(code("370811001")))
        );
        let system = actor(Role::SystemAdmin, None);
        assert_eq!(list_scope(&system, Action::ReviewReports), Ok(None));
        let farmer = actor(Role::Farmer, None);
        assert_eq!(list_scope(&farmer, Action::ReviewReports), Err(Denied));
        let informant = actor(Role::Informant, Some("370811001001"));
        assert_eq!(
            list_scope(&informant, Action::ManageInformants),
            Err(Denied)
        );
    }

    #[test]
    fn only_the_maker_acts_as_owner_and_only_farmers_on_the_farmers_side() {
        let farmer = actor(Role::Farmer, None);
        assert!(is_owner(&farmer, 1));
        assert!(!is_owner(&farmer, 2));
        assert_eq!(authorize_owner(&farmer, 2), Err(Denied));
        assert_eq!(authorize_owner(&farmer, 1), Ok(()));
        assert!(acts_as_farmer(&farmer));
        assert!(!acts_as_farmer(&actor(
            Role::Informant,
            Some("370811001001")
        )));
    }
}
