//! Account lists: informants (bound to their village) and operators (to the region they
//! serve). A row is an account found again by its phone number; it is checked with the
//! rules of the account form, and accepted only where the importer may manage that role.
//! A new account needs its initial password; an existing one keeps its own.

use std::collections::HashMap;

use yinong_model::account::{Role, UserStatus};
use yinong_model::import::{account_columns as c, Column, ImportKind, ImportTally};
use yinong_model::region::RegionCode;

use super::{known_regions, outside, region_problem, Problems, Register, Row};
use crate::access::{Action, Actor};
use crate::auth::password::MIN_LENGTH;
use crate::error::ApiError;
use crate::state::AppState;
use crate::users::rules;
use yinong_store::{AccountImport, Change};

pub struct Accounts {
    role: Role,
    region_column: Column,
}

impl Accounts {
    pub fn informants() -> Self {
        Self {
            role: Role::Informant,
            region_column: c::INFORMANT_REGION,
        }
    }

    pub fn operators() -> Self {
        Self {
            role: Role::Operator,
            region_column: c::OPERATOR_REGION,
        }
    }
}

/// An account row; the password is hashed only for a new account, just before writing.
pub struct AccountLine {
    account: AccountImport,
    password: Option<String>,
}

fn message(error: ApiError) -> String {
    error.to_string()
}

#[async_trait::async_trait]
impl Register for Accounts {
    type Line = AccountLine;

    fn kind(&self) -> ImportKind {
        match self.role {
            Role::Operator => ImportKind::Operators,
            _ => ImportKind::Informants,
        }
    }

    fn read(&self, row: &mut Row<'_>) -> Option<AccountLine> {
        let name = row.read(c::NAME, |text| rules::check_name(text).map_err(message));
        let phone = row.read(c::PHONE, |text| rules::check_phone(text).map_err(message));
        let role = self.role;
        let region = row.read(self.region_column, |text| {
            let code = RegionCode::parse(text).map_err(|e| e.to_string())?;
            if !role.allowed_levels().contains(&Some(code.level())) {
                let levels: Vec<_> = role
                    .allowed_levels()
                    .iter()
                    .flatten()
                    .map(|level| level.name_zh())
                    .collect();
                return Err(format!(
                    "{}应属于{}，而 {code} 是{}",
                    role.name_zh(),
                    levels.join("、"),
                    code.level().name_zh()
                ));
            }
            Ok(code)
        });
        let id_card = row.read(c::ID_CARD, |text| {
            rules::check_id_card(text).map_err(message)
        });
        let username = row.read(c::USERNAME, |text| {
            rules::check_username(text).map_err(message)
        });
        let password = row.read(c::PASSWORD, |text| {
            (text.chars().count() >= MIN_LENGTH)
                .then(|| text.to_owned())
                .ok_or_else(|| format!("初始密码至少 {MIN_LENGTH} 位"))
        });
        let status = row
            .read(c::STATUS, |text| match text {
                "在岗" | "正常" | "启用" => Ok(UserStatus::Active),
                "停用" | "解聘" | "离岗" => Ok(UserStatus::Disabled),
                other => Err(format!("“{other}”不是可选值，应为：在岗、停用")),
            })
            .unwrap_or(UserStatus::Active);
        Some(AccountLine {
            account: AccountImport {
                role,
                region: region?,
                name: name?,
                phone: phone?,
                id_card,
                username,
                password_hash: None,
                status,
            },
            password,
        })
    }

    fn key(&self, line: &AccountLine) -> String {
        line.account.phone.clone()
    }

    fn key_column(&self) -> Column {
        c::PHONE
    }

    async fn check(
        &self,
        state: &AppState,
        actor: &Actor,
        lines: &[(u32, AccountLine)],
        problems: &mut Problems,
    ) -> Result<(), ApiError> {
        let known = known_regions(
            state,
            lines
                .iter()
                .map(|(_, l)| l.account.region.clone())
                .collect(),
        )
        .await?;
        let phones: Vec<String> = lines.iter().map(|(_, l)| l.account.phone.clone()).collect();
        let usernames: Vec<String> = lines
            .iter()
            .filter_map(|(_, l)| l.account.username.clone())
            .collect();
        let existing = state.store.accounts_matching(&phones, &usernames).await?;
        let by_phone: HashMap<&str, _> = existing.iter().map(|u| (u.phone.as_str(), u)).collect();
        let by_username: HashMap<&str, _> = existing
            .iter()
            .filter_map(|u| Some((u.username.as_deref()?, u)))
            .collect();
        for (line, AccountLine { account, password }) in lines {
            let mut problem = |column: Column, message: String| problems.at(*line, column, message);
            if let Some(message) = region_problem(&known, &account.region) {
                problem(self.region_column, message);
            } else if let Some(message) =
                outside(actor, Action::ManageAccount(self.role), &account.region)
            {
                problem(self.region_column, message);
            }
            match by_phone.get(account.phone.as_str()) {
                Some(user) if user.role != self.role => problem(
                    c::PHONE,
                    format!("该手机号已登记为{}账号", user.role.name_zh()),
                ),
                Some(user) => {
                    if let Some(region) = &user.region_code {
                        if let Some(message) =
                            outside(actor, Action::ManageAccount(self.role), region)
                        {
                            problem(c::PHONE, format!("该账号现属 {message}"));
                        }
                    }
                }
                None if password.is_none() => problem(
                    c::PASSWORD,
                    format!("新账号须填写至少 {MIN_LENGTH} 位的初始密码"),
                ),
                None => {}
            }
            if let Some(username) = &account.username {
                if let Some(user) = by_username.get(username.as_str()) {
                    if user.phone != account.phone {
                        problem(c::USERNAME, format!("用户名“{username}”已被其他账号使用"));
                    }
                }
            }
        }
        Ok(())
    }

    async fn write(
        &self,
        state: &AppState,
        lines: Vec<AccountLine>,
        change: Change<'_>,
    ) -> Result<ImportTally, ApiError> {
        let phones: Vec<String> = lines.iter().map(|l| l.account.phone.clone()).collect();
        let existing: std::collections::HashSet<String> = state
            .store
            .accounts_matching(&phones, &[])
            .await?
            .into_iter()
            .map(|user| user.phone)
            .collect();
        let mut accounts = Vec::with_capacity(lines.len());
        for AccountLine {
            mut account,
            password,
        } in lines
        {
            if !existing.contains(&account.phone) {
                if let Some(password) = password {
                    account.password_hash = Some(state.auth.hasher.hash(&password).await?);
                }
            }
            accounts.push(account);
        }
        Ok(state.store.import_accounts(&accounts, change).await?)
    }
}
