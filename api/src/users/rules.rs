//! What a valid account looks like.

use yinong_model::account::Role;

use crate::auth::password::MIN_LENGTH;
use crate::error::ApiError;
use yinong_model::account::is_mobile_phone;

pub fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(ApiError::BadRequest("请填写姓名（不超过 40 个字）".into()));
    }
    Ok(name.to_owned())
}

pub fn check_phone(phone: &str) -> Result<String, ApiError> {
    let phone = phone.trim();
    if !is_mobile_phone(phone) {
        return Err(ApiError::BadRequest("请输入正确的 11 位手机号码".into()));
    }
    Ok(phone.to_owned())
}

pub fn check_username(username: &str) -> Result<String, ApiError> {
    let username = username.trim().to_lowercase();
    let valid = (3..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !username.bytes().all(|b| b.is_ascii_digit());
    if !valid {
        return Err(ApiError::BadRequest(
            "用户名须为 3–32 位小写字母、数字、“-”或“_”，且不能全是数字".into(),
        ));
    }
    Ok(username)
}

/// Staff need a password of at least 8 characters; farmers sign in with codes only.
pub fn check_password(role: Role, password: Option<&str>) -> Result<Option<String>, ApiError> {
    match (role.is_staff(), password) {
        (true, Some(password)) if password.chars().count() >= MIN_LENGTH => {
            Ok(Some(password.to_owned()))
        }
        (true, _) => Err(ApiError::BadRequest(format!(
            "工作人员账号须设置至少 {MIN_LENGTH} 位的密码"
        ))),
        (false, None) => Ok(None),
        (false, Some(_)) => Err(ApiError::BadRequest(
            "农民账号使用短信验证码登录，不设密码".into(),
        )),
    }
}

/// A resident identity card number (GB 11643): 17 digits and a check character.
pub fn check_id_card(id_card: &str) -> Result<String, ApiError> {
    let id_card = id_card.trim().to_uppercase();
    let bytes = id_card.as_bytes();
    let shaped = bytes.len() == 18
        && bytes[..17].iter().all(u8::is_ascii_digit)
        && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let checks = shaped && {
        let sum: u32 = bytes[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        CHECK[(sum % 11) as usize] == bytes[17]
    };
    if !checks {
        return Err(ApiError::BadRequest("身份证号码不正确".into()));
    }
    Ok(id_card)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_card_numbers_are_checked() {
        assert_eq!(
            check_id_card("11010519491231002x").unwrap(),
            "11010519491231002X"
        );
        assert!(
            check_id_card("110105194912310021").is_err(),
            "wrong check character"
        );
        assert!(check_id_card("1101051949123100").is_err());
    }

    #[test]
    fn staff_need_passwords_farmers_none() {
        assert!(check_password(Role::Informant, Some("12345678")).is_ok());
        assert!(check_password(Role::Informant, Some("1234567")).is_err());
        assert!(check_password(Role::Informant, None).is_err());
        assert!(check_password(Role::Farmer, None).unwrap().is_none());
        assert!(check_password(Role::Farmer, Some("12345678")).is_err());
    }

    #[test]
    fn usernames_are_simple_and_not_phone_numbers() {
        assert_eq!(
            check_username(" Rencheng-Admin ").unwrap(),
            "rencheng-admin"
        );
        assert!(check_username("13812345678").is_err());
        assert!(check_username("ab").is_err());
        assert!(check_username("王五").is_err());
    }
}
