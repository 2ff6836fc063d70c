//! Bulk import of a county's registers: the kinds of file, their columns (the template a
//! county downloads, in the provinces' own wording), and what a check or an import answers.
//! Every row is checked before anything is written; a problem names its row and column.

use serde::{Deserialize, Serialize};

coded_enum! {
    /// What a file holds.
    ImportKind {
        Stations = "stations", "益农信息社名册", "Station register";
        Informants = "informants", "信息员名单", "Informant list";
        Operators = "operators", "运营商名单", "Operator list";
        Poverty = "poverty", "脱贫村与重点县名单", "Poverty villages and counties";
        Merges = "merges", "村庄撤并表", "Village merges";
    }
}

/// One column of a kind's template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading in the template and in the file (matched ignoring spaces).
    pub heading: &'static str,
    /// Other headings the provinces' registers use for the same column.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// How to fill it, shown on the page and as the template's second line.
    pub hint: &'static str,
}

const fn column(heading: &'static str, required: bool, hint: &'static str) -> Column {
    Column {
        heading,
        aliases: &[],
        required,
        hint,
    }
}

const fn alias(
    heading: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    hint: &'static str,
) -> Column {
    Column {
        heading,
        aliases,
        required,
        hint,
    }
}

/// The station register's columns.
pub mod station_columns {
    use super::{alias, column, Column};
    pub const CODE: Column = alias(
        "统一编号",
        &["站点编号"],
        false,
        "已有编号的站点填写；新站点留空",
    );
    pub const REGION: Column = alias(
        "行政区划代码",
        &["区划代码", "村代码"],
        false,
        "12 位村代码（中心站为乡镇或县代码）；填了统一编号可不填",
    );
    pub const NAME: Column = column("站点名称", true, "如：任城区许庄街道前营村益农信息社");
    pub const TYPE: Column = column(
        "站点类型",
        true,
        "示范社、标准型、简易型、专业型、乡镇中心站、县级运营中心",
    );
    pub const VENUE: Column = column(
        "依托场所",
        false,
        "村委会、便利店、合作社、农资店、家庭农场、其他",
    );
    pub const ADDRESS: Column = column("地址", true, "");
    pub const LONGITUDE: Column = column("经度", false, "如 116.587");
    pub const LATITUDE: Column = column("纬度", false, "如 35.415");
    pub const HOURS: Column = column("开放时间", true, "如 8:00-18:00");
    pub const AREA: Column = alias("场所面积（平方米）", &["场所面积", "面积"], false, "");
    pub const DEVICES: Column = alias(
        "设备数量",
        &["设备数"],
        false,
        "电脑、手机、显示屏、打印机等",
    );
    pub const BROADBAND: Column = alias("宽带（Mbps）", &["宽带", "带宽"], false, "");
    pub const PAGE: Column = alias("网页地址", &["网页"], false, "");
    pub const SUSTAINABLE: Column = alias("持续运营能力", &["可持续运营"], false, "是或否");
    pub const STATUS: Column = column(
        "状态",
        true,
        "已申报、已批准、已建成、已验收、运营中、已暂停、已关闭",
    );
    pub const OPENED: Column = alias("开始运营日期", &["运营日期"], false, "如 2018-06-30");
    pub const INFORMANT: Column = alias("信息员姓名", &["信息员"], false, "");
    pub const INFORMANT_PHONE: Column =
        alias("信息员手机", &["信息员手机号", "信息员电话"], false, "");
    pub const INFORMANT_CERTIFIED: Column = alias("信息员持证", &["是否持证"], false, "是或否");
    pub const ALL: [Column; 19] = [
        CODE,
        REGION,
        NAME,
        TYPE,
        VENUE,
        ADDRESS,
        LONGITUDE,
        LATITUDE,
        HOURS,
        AREA,
        DEVICES,
        BROADBAND,
        PAGE,
        SUSTAINABLE,
        STATUS,
        OPENED,
        INFORMANT,
        INFORMANT_PHONE,
        INFORMANT_CERTIFIED,
    ];
}

/// The columns of an account list (informants, operators).
pub mod account_columns {
    use super::{alias, column, Column};
    pub const NAME: Column = column("姓名", true, "");
    pub const PHONE: Column = alias(
        "手机号码",
        &["手机号", "手机"],
        true,
        "11 位手机号码，也是登录名",
    );
    pub const INFORMANT_REGION: Column =
        alias("村代码", &["行政区划代码", "区划代码"], true, "12 位村代码");
    pub const OPERATOR_REGION: Column = alias(
        "行政区划代码",
        &["区划代码"],
        true,
        "负责的县、市或省的代码",
    );
    pub const ID_CARD: Column = alias("身份证号码", &["身份证号"], false, "");
    pub const USERNAME: Column = column("用户名", false, "可不填；小写字母、数字、“-”或“_”");
    pub const PASSWORD: Column = column(
        "初始密码",
        false,
        "新账号必填，至少 8 位；已有账号的密码不会被改动",
    );
    pub const STATUS: Column = column("状态", false, "在岗或停用；不填为在岗");
}

/// The poverty list's columns.
pub mod poverty_columns {
    use super::{alias, Column};
    pub const CODE: Column = alias(
        "行政区划代码",
        &["区划代码", "代码"],
        true,
        "12 位村代码或 6 位县代码",
    );
    pub const NAME: Column = alias("名称", &["村名", "县名"], false, "填写时须与代码相符");
    pub const FLAG: Column = alias(
        "是否贫困",
        &["脱贫村", "原贫困村", "重点县"],
        false,
        "是或否；不填为是（村：脱贫村/原贫困村；县：原国家扶贫开发工作重点县）",
    );
}

/// The village merge table's columns (撤并).
pub mod merge_columns {
    use super::{alias, Column};
    pub const VILLAGE: Column = alias("原村代码", &["撤并村代码"], true, "被撤并的村的 12 位代码");
    pub const VILLAGE_NAME: Column =
        alias("原村名称", &["撤并村名称"], false, "填写时须与代码相符");
    pub const SUCCESSOR: Column = alias(
        "并入村代码",
        &["新村代码"],
        true,
        "并入的村的 12 位代码（同一个县）",
    );
    pub const SUCCESSOR_NAME: Column =
        alias("并入村名称", &["新村名称"], false, "填写时须与代码相符");
    pub const DATE: Column = alias("撤并日期", &["日期"], false, "如 2021-01-01");
}

impl ImportKind {
    /// The template's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        use account_columns as a;
        use poverty_columns as p;
        const INFORMANTS: [Column; 7] = [
            a::NAME,
            a::PHONE,
            a::INFORMANT_REGION,
            a::ID_CARD,
            a::USERNAME,
            a::PASSWORD,
            a::STATUS,
        ];
        const OPERATORS: [Column; 7] = [
            a::NAME,
            a::PHONE,
            a::OPERATOR_REGION,
            a::ID_CARD,
            a::USERNAME,
            a::PASSWORD,
            a::STATUS,
        ];
        const POVERTY: [Column; 3] = [p::CODE, p::NAME, p::FLAG];
        const MERGES: [Column; 5] = [
            merge_columns::VILLAGE,
            merge_columns::VILLAGE_NAME,
            merge_columns::SUCCESSOR,
            merge_columns::SUCCESSOR_NAME,
            merge_columns::DATE,
        ];
        match self {
            Self::Stations => &station_columns::ALL,
            Self::Informants => &INFORMANTS,
            Self::Operators => &OPERATORS,
            Self::Poverty => &POVERTY,
            Self::Merges => &MERGES,
        }
    }

    /// The template's file name, without extension.
    pub fn template_name(self) -> String {
        format!("{}模板", self.name_zh())
    }
}

impl Column {
    /// True when a file's heading names this column.
    pub fn named(&self, heading: &str) -> bool {
        let heading: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
        let heading = heading.replace(['(', ')'], "").replace(['（', '）'], "");
        let same = |name: &str| name.replace(['（', '）'], "") == heading;
        same(self.heading) || self.aliases.iter().any(|name| same(name))
    }
}

/// `是`/`否` (and the spellings registers use for them); empty is `None`.
pub fn yes_no(text: &str) -> Result<Option<bool>, String> {
    match text.trim() {
        "" => Ok(None),
        "是" | "有" | "Y" | "y" | "√" | "1" => Ok(Some(true)),
        "否" | "无" | "N" | "n" | "×" | "0" => Ok(Some(false)),
        other => Err(format!("应填“是”或“否”，不是“{other}”")),
    }
}

/// A `YYYY-MM-DD` date (also `YYYY/MM/DD` and `YYYY.MM.DD`), written back with dashes.
pub fn date(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let invalid = || format!("日期“{}”应写成 2018-06-30 这样", text.trim());
    let [year, month, day] = parts[..] else {
        return Err(invalid());
    };
    let (Some(year), Some(month), Some(day)) = (
        number(year, 4..=4),
        number(month, 1..=2),
        number(day, 1..=2),
    ) else {
        return Err(invalid());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if !(1990..=2100).contains(&year) || day == 0 || day > days {
        return Err(invalid());
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// How far an upload goes: `check` writes nothing; `all` writes only a clean file;
/// `clean` writes the clean rows and returns the others as a file to correct.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportWrite {
    #[default]
    Check,
    All,
    Clean,
}

/// A problem with one cell (or, with an empty column, the whole row or the file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RowProblem {
    /// The row as the spreadsheet numbers it (the heading row included).
    pub line: u32,
    pub column: String,
    pub message: String,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ImportTally {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// `POST /api/imports/{kind}`: the check of every row, and what was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Rows below the heading (blank rows not counted).
    pub rows: u32,
    pub clean_rows: u32,
    /// The first problems (at most [`ImportReport::SHOWN_PROBLEMS`]), in row order.
    pub problems: Vec<RowProblem>,
    pub problem_count: u32,
    /// `None` when nothing was written.
    pub written: Option<ImportTally>,
    /// The rows with problems, as a CSV file in the template's columns with a 问题 column,
    /// to correct and import again; present when some rows were left out.
    pub rejected_csv: Option<String>,
}

impl ImportReport {
    pub const SHOWN_PROBLEMS: usize = 500;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_with_spaces_brackets_and_aliases() {
        let area = station_columns::AREA;
        assert!(area.named("场所面积（平方米）"));
        assert!(area.named(" 场所面积(平方米) "));
        assert!(area.named("面积"));
        assert!(!area.named("设备数量"));
        assert!(account_columns::PHONE.named("手机号"));
    }

    #[test]
    fn yes_no_and_dates_are_read_as_registers_write_them() {
        assert_eq!(yes_no("是"), Ok(Some(true)));
        assert_eq!(yes_no(" 否 "), Ok(Some(false)));
        assert_eq!(yes_no(""), Ok(None));
        assert!(yes_no("也许").unwrap_err().contains("也许"));
        assert_eq!(date("2018/6/3").unwrap(), "2018-06-03");
        assert_eq!(date("2020-02-29").unwrap(), "2020-02-29");
        assert!(date("2019-02-29").is_err());
        assert!(date("2018-13-01").is_err());
        assert!(date("18-06-30").is_err());
    }

    #[test]
    fn every_kind_has_required_columns_with_distinct_headings() {
        for kind in ImportKind::ALL {
            let columns = kind.columns();
            assert!(columns.iter().any(|c| c.required), "{kind:?}");
            for (i, a) in columns.iter().enumerate() {
                for b in &columns[i + 1..] {
                    assert!(
                        !a.named(b.heading),
                        "{kind:?}: {} and {}",
                        a.heading,
                        b.heading
                    );
                }
            }
        }
    }
}
