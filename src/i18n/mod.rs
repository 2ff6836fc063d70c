//! The app's words in Simplified Chinese (the default) and English, and the switch between
//! them, remembered on the phone. Words only the staff app uses live in [`staff`], so the
//! farmers' portal does not download them.

mod portal;
mod staff;

pub use portal::{PortalTextOf, PortalTexts};
pub use staff::{StaffTextOf, StaffTexts};

use leptos::prelude::*;

use crate::local_storage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const STORAGE_KEY: &str = "yinong.lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::Zh => &ZH,
            Self::En => &EN,
        }
    }

    /// Picks the Chinese or English form of a text that comes from the server.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// Picks one text out of [`Texts`]: lets tables of labels work in either language.
pub type TextOf = fn(&Texts) -> &'static str;

pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub switch_language: &'static str,
    pub tab_home: &'static str,
    pub tab_services: &'static str,
    pub tab_workbench: &'static str,
    pub tab_dashboard: &'static str,
    pub tab_portal: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub network_failed: &'static str,
    pub server_failed: &'static str,
    pub retry: &'static str,
    pub demo_banner: &'static str,
    pub home_services: &'static str,
    pub home_more: &'static str,
    pub services_title: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub tab_me: &'static str,
    pub sign_in_farmer: &'static str,
    pub sign_in_staff: &'static str,
    pub phone: &'static str,
    pub get_code: &'static str,
    pub resend_after: &'static str,
    pub code: &'static str,
    pub sign_in: &'static str,
    pub staff_sign_in_link: &'static str,
    pub farmer_sign_in_link: &'static str,
    pub login_name: &'static str,
    pub password: &'static str,
    pub not_signed_in: &'static str,
    pub nation: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub region: &'static str,
    pub manage_accounts: &'static str,
    pub import_registers: &'static str,
    pub sign_out: &'static str,
    pub choose_region: &'static str,
    pub choose_village: &'static str,
    pub choose_village_hint: &'static str,
    pub choose_village_why: &'static str,
    pub village_name: &'static str,
    pub no_village_matches: &'static str,
    pub more_villages_match: &'static str,
    pub my_station: &'static str,
    pub change_village: &'static str,
    pub village_page: &'static str,
    pub no_station_here: &'static str,
    /// Between a merged-away village's name and its successor's.
    pub village_merged: &'static str,
    pub nearby_stations: &'static str,
    pub station_number: &'static str,
    pub opening_hours: &'static str,
    pub address: &'static str,
    pub six_have_badge: &'static str,
    pub call: &'static str,
    pub use_my_location: &'static str,
    pub location_failed: &'static str,
    pub metres: &'static str,
    pub kilometres: &'static str,
    pub large_text: &'static str,
    pub ask_station: &'static str,
    pub notices_title: &'static str,
    pub all_notices: &'static str,
    pub county_prices: &'static str,
    pub all_prices: &'static str,
    pub yuan_per: &'static str,
    pub valid_until: &'static str,
    /// Around the time a page's kept copy was fetched, shown offline.
    pub kept_copy_before: &'static str,
    pub kept_copy_after: &'static str,
    pub complain: &'static str,
}

pub(crate) static ZH: Texts = Texts {
    app_name: "益农信息社",
    tagline: "信息进村入户 · 服务不出村",
    switch_language: "English",
    tab_home: "首页",
    tab_services: "服务",
    tab_workbench: "工作台",
    tab_dashboard: "看板",
    tab_portal: "门户",
    loading: "正在加载…",
    load_failed: "加载失败",
    network_failed: "网络连接失败，请检查网络后重试。",
    server_failed: "服务暂时不可用，请稍后重试。",
    retry: "重试",
    demo_banner: "演示数据：站点、信息员和服务记录是系统生成的示例，不是真实数据。",
    home_services: "四类服务",
    home_more: "查看全部服务",
    services_title: "全部服务",
    not_found_title: "页面不存在",
    not_found_body: "您要找的页面不存在，可能已被移动或删除。",
    back_home: "返回首页",
    tab_me: "我的",
    sign_in_farmer: "手机号登录",
    sign_in_staff: "工作人员登录",
    phone: "手机号码",
    get_code: "获取验证码",
    resend_after: "秒后可重新获取",
    code: "验证码",
    sign_in: "登录",
    staff_sign_in_link: "工作人员请用密码登录",
    farmer_sign_in_link: "农民朋友请用手机验证码登录",
    login_name: "手机号或用户名",
    password: "密码",
    not_signed_in: "您还没有登录。",
    nation: "全国",
    name: "姓名",
    role: "角色",
    region: "所属区域",
    manage_accounts: "账号管理",
    import_registers: "导入名单",
    sign_out: "退出登录",
    choose_region: "请选择",
    choose_village: "选择我的村",
    choose_village_why: "选好我的村，首页就会显示本村益农信息社的地址、开放时间和信息员电话。",
    choose_village_hint: "输入村名搜索，或逐级选择省、市、县、乡镇。选一次，手机会记住。",
    village_name: "村名",
    no_village_matches: "没有找到这个名字的村。可以先选到县或乡镇，再输入村名中的任意几个字。",
    more_villages_match: "符合的村较多，只显示前 20 个。请多输入几个字，或先选择地区。",
    my_station: "本村益农信息社",
    change_village: "更换村",
    village_page: "本村网页",
    no_station_here: "本村还没有运营中的益农信息社，可到附近的站点办理。",
    village_merged: "已撤并，并入",
    nearby_stations: "附近的益农信息社",
    station_number: "统一编号",
    opening_hours: "开放时间",
    address: "地址",
    six_have_badge: "六有达标",
    call: "拨打",
    use_my_location: "用我的位置计算距离",
    location_failed: "无法获取位置：请允许浏览器使用定位后重试。",
    metres: "米",
    kilometres: "公里",
    large_text: "大字",
    ask_station: "请信息社代办代购",
    notices_title: "通知公告",
    all_notices: "全部通知和预警",
    county_prices: "本县市场价格",
    all_prices: "更多价格",
    yuan_per: "元/",
    valid_until: "有效至",
    kept_copy_before: "离线：显示 ",
    kept_copy_after: " 的内容",
    complain: "投诉",
};

pub(crate) static EN: Texts = Texts {
    app_name: "Yinong",
    tagline: "Information into every village",
    switch_language: "中文",
    tab_home: "Home",
    tab_services: "Services",
    tab_workbench: "Workbench",
    tab_dashboard: "Dashboard",
    tab_portal: "Portal",
    loading: "Loading…",
    load_failed: "Could not load",
    network_failed: "No connection. Check your network and retry.",
    server_failed: "The service is unavailable. Please retry later.",
    retry: "Retry",
    demo_banner: "Demo data: stations, informants and service records are generated examples.",
    home_services: "Four kinds of service",
    home_more: "All services",
    services_title: "All services",
    not_found_title: "Page not found",
    not_found_body: "The page you are looking for does not exist or has moved.",
    back_home: "Back to home",
    tab_me: "Me",
    sign_in_farmer: "Sign in with phone",
    sign_in_staff: "Staff sign-in",
    phone: "Phone number",
    get_code: "Get code",
    resend_after: "s until a new code",
    code: "Code",
    sign_in: "Sign in",
    staff_sign_in_link: "Staff: sign in with password",
    farmer_sign_in_link: "Farmers: sign in with a phone code",
    login_name: "Phone or username",
    password: "Password",
    not_signed_in: "You are not signed in.",
    nation: "Nationwide",
    name: "Name",
    role: "Role",
    region: "Region",
    manage_accounts: "Accounts",
    import_registers: "Import registers",
    sign_out: "Sign out",
    choose_region: "Choose",
    choose_village: "Choose my village",
    choose_village_why: "Choose your village and the home page shows its station: address, opening hours and who to call.",
    choose_village_hint: "Search by name, or pick province, city, county and township in turn. Chosen once, remembered on this phone.",
    village_name: "Village name",
    no_village_matches: "No village by that name. Pick a county or township first, then type any part of the name.",
    more_villages_match: "Many villages match; only the first 20 are shown. Type more, or pick a region first.",
    my_station: "Our village station",
    change_village: "Change village",
    village_page: "Village page",
    no_station_here: "This village has no operating station yet; the nearest ones are below.",
    village_merged: " has merged into ",
    nearby_stations: "Nearby stations",
    station_number: "Station number",
    opening_hours: "Opening hours",
    address: "Address",
    six_have_badge: "Meets the six standards",
    call: "Call",
    use_my_location: "Measure distances from where I am",
    location_failed: "Could not get your location: allow location access and retry.",
    metres: "m",
    kilometres: "km",
    large_text: "Large text",
    ask_station: "Ask the station for help",
    notices_title: "Notices",
    all_notices: "All notices and warnings",
    county_prices: "Prices in my county",
    all_prices: "All prices",
    yuan_per: "yuan per ",
    valid_until: "until",
    kept_copy_before: "Offline: showing what was fetched ",
    kept_copy_after: "",
    complain: "Complain",
};

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    pub fn t(self) -> &'static Texts {
        self.lang().texts()
    }

    /// The staff app's words (the shared ones too, through `Deref`).
    pub fn staff(self) -> &'static StaffTexts {
        match self.lang() {
            Lang::Zh => &staff::ZH,
            Lang::En => &staff::EN,
        }
    }

    /// The words of the portal's service pages, which the staff side of those services
    /// uses too (the shared ones too, through `Deref`).
    pub fn portal(self) -> &'static PortalTexts {
        match self.lang() {
            Lang::Zh => &portal::ZH,
            Lang::En => &portal::EN,
        }
    }

    pub fn toggle(self) {
        let next = match self.0.get_untracked() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        self.0.set(next);
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, next.code());
        }
        document_language(next);
    }
}

fn document_language(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn provide_i18n() {
    let stored = local_storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    let lang = if stored.as_deref() == Some(Lang::En.code()) {
        Lang::En
    } else {
        Lang::Zh
    };
    document_language(lang);
    provide_context(I18n(RwSignal::new(lang)));
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
