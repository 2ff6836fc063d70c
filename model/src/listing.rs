//! 产品供求: farmers post what they sell (出售) or want to buy (求购), with photos,
//! quantity, price, place and whom to call. The station connects buyer and seller; the
//! platform sells nothing itself. A post shows publicly only after the village's informant
//! or the township approved it, until the day it expires, its poster takes it down, or
//! enough neighbours report it (then it waits for review again).

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

use crate::account::is_mobile_phone;
use crate::region::{RegionCode, RegionLevel};
pub use crate::review::ReviewDecision;
use crate::review::{refusal_problem, REASON_MAX_CHARS};

pub const PRODUCT_MAX_CHARS: usize = 20;
pub const QUANTITY_MAX_CHARS: usize = 12;
pub const UNIT_MAX_CHARS: usize = 6;
pub const PRICE_MAX_CHARS: usize = 20;
pub const DESCRIPTION_MAX_CHARS: usize = 500;
pub const CONTACT_MAX_CHARS: usize = 20;
/// Photos one post may carry: enough to show the goods, few enough for a weak network.
pub const PHOTOS_PER_LISTING: usize = 3;
/// Longest a post stays up; a harvest is sold or gone by then.
pub const LISTING_MAX_DAYS: u32 = 60;
pub const LISTING_DEFAULT_DAYS: u32 = 30;
pub const LISTINGS_PER_PAGE: i64 = 20;
/// Posts one account may have waiting or showing at once.
pub const OPEN_LISTINGS_PER_ACCOUNT: i64 = 10;
/// Distinct accounts whose reports take an approved post off the board until a reviewer
/// looks at it again.
pub const REPORTS_TO_HIDE: i64 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    /// 出售: I have it to sell (供).
    Sell,
    /// 求购: I want to buy it (求).
    Buy,
}

impl ListingKind {
    pub const ALL: [ListingKind; 2] = [Self::Sell, Self::Buy];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sell => "sell",
            Self::Buy => "buy",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Sell => "出售",
            Self::Buy => "求购",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Sell => "For sale",
            Self::Buy => "Wanted",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    /// 待审核: new, or reported by enough neighbours; not on the board.
    Pending,
    /// 已发布: on the board until it expires.
    Approved,
    /// 未通过: refused or taken down by a reviewer, with the reason the poster reads.
    Rejected,
    /// 已撤下: taken down by its poster.
    Withdrawn,
}

impl ListingStatus {
    pub const ALL: [ListingStatus; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Pending => "待审核",
            Self::Approved => "已发布",
            Self::Rejected => "未通过",
            Self::Withdrawn => "已撤下",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Pending => "Awaiting review",
            Self::Approved => "Published",
            Self::Rejected => "Not approved",
            Self::Withdrawn => "Taken down",
        }
    }

    /// Its poster may still take it down.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Approved)
    }
}

/// `POST /api/listings`. `photos` are the hashes `POST /api/photos` answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewListing {
    pub kind: ListingKind,
    pub region_code: RegionCode,
    pub product: String,
    /// A number as typed ("2000", "1.5").
    pub quantity: String,
    pub unit: String,
    /// "1.2 元/斤", or "面议" (to agree).
    pub price: String,
    pub description: String,
    pub contact_name: String,
    pub photos: Vec<String>,
    /// Days it shows once approved; [`LISTING_DEFAULT_DAYS`] when `None`.
    pub days: Option<u32>,
    /// A post the village's informant makes for a farmer without a smartphone (代发):
    /// the farmer's mobile number, called instead of the poster's. Left out of the wire
    /// form otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
}

/// Words of what stations may not carry (financial and insurance products): the seeds
/// forbid them outright, so they are refused before a reviewer ever sees them.
const FORBIDDEN_TOPICS: [&str; 9] = [
    "贷款",
    "借款",
    "网贷",
    "理财",
    "保险",
    "信用卡",
    "股票",
    "基金",
    "彩票",
];

/// The forbidden topic `text` mentions, if any.
pub fn forbidden_topic(text: &str) -> Option<&'static str> {
    FORBIDDEN_TOPICS
        .into_iter()
        .find(|topic| text.contains(topic))
}

impl CapturedRecord for NewListing {
    const KIND: Capture = Capture::Listing;

    fn problem(&self) -> Option<String> {
        listing_problem(self)
    }

    fn photos(&self) -> &[String] {
        &self.photos
    }
}
/// What is wrong with a post, if anything.
pub fn listing_problem(listing: &NewListing) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if listing.region_code.level() < RegionLevel::Township {
        return Some("请选择到乡镇或村，方便附近的人看到".to_owned());
    }
    if chars(&listing.product) == 0 || chars(&listing.product) > PRODUCT_MAX_CHARS {
        return Some(format!(
            "请填写产品名称（最多 {PRODUCT_MAX_CHARS} 个字），例如：红富士苹果"
        ));
    }
    let quantity = listing.quantity.trim();
    let amount = quantity
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0);
    if amount.is_none() || quantity.chars().count() > QUANTITY_MAX_CHARS {
        return Some("数量请填大于 0 的数字，例如：2000".to_owned());
    }
    if chars(&listing.unit) == 0 || chars(&listing.unit) > UNIT_MAX_CHARS {
        return Some("请填写单位，例如：斤、吨、箱".to_owned());
    }
    if chars(&listing.price) == 0 || chars(&listing.price) > PRICE_MAX_CHARS {
        return Some("请填写价格，例如：1.2 元/斤，或“面议”".to_owned());
    }
    if chars(&listing.description) > DESCRIPTION_MAX_CHARS {
        return Some(format!("说明最多 {DESCRIPTION_MAX_CHARS} 个字"));
    }
    if chars(&listing.contact_name) == 0 || chars(&listing.contact_name) > CONTACT_MAX_CHARS {
        return Some("请填写联系人的称呼，例如：李大姐".to_owned());
    }
    if listing
        .contact_phone
        .as_deref()
        .is_some_and(|phone| !is_mobile_phone(phone.trim()))
    {
        return Some("请填写农户正确的 11 位手机号码".to_owned());
    }
    if let Some(problem) = photos_problem(&listing.photos) {
        return Some(problem);
    }
    if listing
        .days
        .is_some_and(|days| days == 0 || days > LISTING_MAX_DAYS)
    {
        return Some(format!("显示天数为 1 到 {LISTING_MAX_DAYS} 天"));
    }
    let text = [
        listing.product.as_str(),
        &listing.description,
        &listing.price,
    ]
    .concat();
    if let Some(topic) = forbidden_topic(&text) {
        return Some(format!(
            "益农信息社只为农产品买卖牵线，不能发布{topic}等金融、保险类信息"
        ));
    }
    None
}

/// What is wrong with the photos something carries: too many, or a name that is not one.
pub fn photos_problem(photos: &[String]) -> Option<String> {
    if photos.len() > PHOTOS_PER_LISTING {
        return Some(format!("最多 {PHOTOS_PER_LISTING} 张照片"));
    }
    if photos.iter().any(|hash| !is_photo_hash(hash)) {
        return Some("照片没有上传成功，请重新选择".to_owned());
    }
    None
}

/// A photo's name: the hex SHA-256 of its bytes.
pub fn is_photo_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why a reviewer may not make `decision` on a post in `status`, if they may not.
pub fn review_problem(status: ListingStatus, decision: &ReviewDecision) -> Option<String> {
    let reason = decision.reason().unwrap_or("");
    match (status, decision.approve) {
        (ListingStatus::Pending, true) => None,
        (ListingStatus::Pending | ListingStatus::Approved, false) => refusal_problem(reason),
        (ListingStatus::Approved, true) => Some("这条信息已经发布了".to_owned()),
        (ListingStatus::Rejected | ListingStatus::Withdrawn, _) => {
            Some(format!("这条信息{}，不能再审核", status.name_zh()))
        }
    }
}

/// `POST /api/listings/{id}/report`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListingReport {
    pub reason: String,
}

/// What is wrong with a report, if anything.
pub fn report_problem(report: &ListingReport) -> Option<String> {
    let chars = report.reason.trim().chars().count();
    if chars == 0 {
        Some("请说明这条信息有什么问题".to_owned())
    } else if chars > REASON_MAX_CHARS {
        Some(format!("最多 {REASON_MAX_CHARS} 个字"))
    } else {
        None
    }
}

/// A post, as the board, its poster and its reviewers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Listing {
    pub id: i64,
    pub kind: ListingKind,
    pub status: ListingStatus,
    pub product: String,
    pub quantity: String,
    pub unit: String,
    pub price: String,
    pub description: String,
    pub region_code: RegionCode,
    /// Where, from the county down: "任城区 许庄街道 张营村".
    pub place: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub photos: Vec<String>,
    /// RFC 3339, China time.
    pub posted_at: String,
    /// Days it shows once approved.
    pub days: u32,
    /// The last day it shows once approved, `YYYY-MM-DD`.
    pub expires_on: String,
    /// The reviewer's reason when it was refused or taken down.
    pub review_note: Option<String>,
    /// Reports since it was last approved (told to the poster and reviewers only).
    pub reports: i64,
    /// The signed-in account posted it.
    pub mine: bool,
}

/// `GET /api/listings…`: a page of posts and how many there are in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ListingPage {
    pub listings: Vec<Listing>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// `POST /api/photos` answers the photo's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PhotoStored {
    pub hash: String,
}

/// Largest photo the server keeps: the app sends them downscaled (longest side
/// [`PHOTO_MAX_SIDE`] px, JPEG), which is far below this.
pub const PHOTO_MAX_BYTES: usize = 1_500_000;
/// Photo bytes one account may upload in 24 hours: an informant's busiest day (thirty
/// reports with photos) fits several times over; an account uploading without end does not.
pub const PHOTO_BYTES_PER_DAY: i64 = 30_000_000;
/// Photo bytes one account may have uploaded in all.
pub const PHOTO_BYTES_PER_ACCOUNT: i64 = 500_000_000;
pub const PHOTO_MAX_SIDE: u32 = 1600;
/// Most pixels a photo sent may have, whatever its bytes: a phone camera's 24 MP passes, a
/// small file declaring a hundred megapixels does not (decoding it would take gigabytes).
pub const PHOTO_MAX_PIXELS: u64 = 24_000_000;
/// How long a photo no record names is kept: an outbox sends a record's photos just before
/// it, so a photo still unused after this is one whose record never came.
pub const UNUSED_PHOTO_DAYS: i64 = 14;

/// The size the phone sends a photo of `width`×`height` at: its longest side at most
/// [`PHOTO_MAX_SIDE`], never enlarged.
pub fn photo_sent_size(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height).max(1);
    if longest <= PHOTO_MAX_SIDE {
        return (width, height);
    }
    let scale = f64::from(PHOTO_MAX_SIDE) / f64::from(longest);
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
    (side(width), side(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> NewListing {
        NewListing {
            kind: ListingKind::Sell,
            region_code: RegionCode::parse("370811002212").unwrap(),
            product: "红富士苹果".to_owned(),
            quantity: "2000".to_owned(),
            unit: "斤".to_owned(),
            price: "2.5 元/斤".to_owned(),
            description: String::new(),
            contact_name: "李大姐".to_owned(),
            photos: vec!["a".repeat(64)],
            days: None,
            contact_phone: None,
        }
    }

    #[test]
    fn a_post_names_a_place_a_product_an_amount_a_price_and_a_contact() {
        assert_eq!(listing_problem(&listing()), None);
        let mut county = listing();
        county.region_code = RegionCode::parse("370811").unwrap();
        assert!(listing_problem(&county).is_some());
        for bad in ["", "0", "-3", "两千", "NaN", "inf"] {
            let mut amount = listing();
            amount.quantity = bad.to_owned();
            assert!(listing_problem(&amount).is_some(), "quantity {bad:?}");
        }
        let mut decimal = listing();
        decimal.quantity = "1.5".to_owned();
        assert_eq!(listing_problem(&decimal), None);
        let mut no_price = listing();
        no_price.price = " ".to_owned();
        assert!(listing_problem(&no_price).is_some());
        let mut photos = listing();
        photos.photos = vec!["a".repeat(64); PHOTOS_PER_LISTING + 1];
        assert!(listing_problem(&photos).is_some());
        photos.photos = vec!["not-a-hash".to_owned()];
        assert!(listing_problem(&photos).is_some());
        let mut long = listing();
        long.days = Some(LISTING_MAX_DAYS + 1);
        assert!(listing_problem(&long).is_some());
        let mut for_farmer = listing();
        for_farmer.contact_phone = Some("13812345678".to_owned());
        assert_eq!(listing_problem(&for_farmer), None);
        for_farmer.contact_phone = Some("1381234567".to_owned());
        assert!(listing_problem(&for_farmer).unwrap().contains("手机号码"));
    }

    #[test]
    fn financial_and_insurance_products_are_refused() {
        let mut loan = listing();
        loan.description = "低息贷款，当天放款".to_owned();
        assert!(listing_problem(&loan).unwrap().contains("贷款"));
        let mut insurance = listing();
        insurance.product = "农业保险".to_owned();
        assert!(listing_problem(&insurance).is_some());
    }

    #[test]
    fn reviewers_approve_waiting_posts_and_refuse_or_take_down_with_a_reason() {
        use ListingStatus::*;
        let approve = ReviewDecision::approval();
        let refuse = |reason: &str| ReviewDecision::of(false, reason.to_owned());
        assert_eq!(review_problem(Pending, &approve), None);
        assert_eq!(review_problem(Pending, &refuse("是广告")), None);
        assert_eq!(review_problem(Approved, &refuse("已售完")), None);
        assert!(review_problem(Pending, &refuse("  ")).is_some());
        assert!(review_problem(Approved, &approve).is_some());
        for closed in [Rejected, Withdrawn] {
            assert!(review_problem(closed, &approve).is_some());
            assert!(review_problem(closed, &refuse("x")).is_some());
        }
    }

    #[test]
    fn photos_are_sent_with_their_longest_side_at_most_1600_px() {
        assert_eq!(photo_sent_size(4000, 3000), (1600, 1200));
        assert_eq!(photo_sent_size(3000, 4000), (1200, 1600));
        assert_eq!(photo_sent_size(800, 600), (800, 600), "never enlarged");
        assert_eq!(photo_sent_size(16000, 10), (1600, 1));
    }

    #[test]
    fn codes_round_trip_and_photo_names_are_sha256_hex() {
        for kind in ListingKind::ALL {
            assert_eq!(ListingKind::from_code(kind.code()), Some(kind));
        }
        for status in ListingStatus::ALL {
            assert_eq!(ListingStatus::from_code(status.code()), Some(status));
        }
        assert!(is_photo_hash(&"0f".repeat(32)));
        assert!(!is_photo_hash(&"0F".repeat(32)));
        assert!(!is_photo_hash("abc"));
    }
}
