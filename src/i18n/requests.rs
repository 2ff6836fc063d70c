//! Words of 代办 and 代购, for the farmer's pages (portal) and the informant's queue
//! (staff). Kept out of [`Texts`] so the home page's bundle does not carry them.

use std::ops::Deref;

use super::{Texts, EN as COMMON_EN, ZH as COMMON_ZH};

pub struct RequestTexts {
    common: &'static Texts,
    pub requests_title: &'static str,
    pub requests_intro: &'static str,
    pub new_request: &'static str,
    pub sign_in_for_requests: &'static str,
    pub choose_village_for_requests: &'static str,
    pub no_station_for_requests: &'static str,
    pub request_item: &'static str,
    pub errands: &'static str,
    pub purchases: &'static str,
    pub request_details: &'static str,
    pub request_station: &'static str,
    pub submit_request: &'static str,
    pub no_payment_note: &'static str,
    pub no_requests: &'static str,
    pub request_steps: &'static str,
    pub submitted_at: &'static str,
    pub withdraw_request: &'static str,
    pub refresh_status: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub queue_title: &'static str,
    pub queue_empty: &'static str,
    pub queue_not_informant: &'static str,
    pub accept_request: &'static str,
    pub finish_request: &'static str,
    pub cancel_request: &'static str,
    pub cancel_reason: &'static str,
    pub confirm_cancel: &'static str,
    pub keep_request: &'static str,
    pub call_farmer: &'static str,
}

impl Deref for RequestTexts {
    type Target = Texts;

    fn deref(&self) -> &Texts {
        self.common
    }
}

pub(super) static ZH: RequestTexts = RequestTexts {
    common: &COMMON_ZH,
    requests_title: "代办代购",
    requests_intro: "请本村益农信息社帮你缴费、充值、取现、挂号、收寄快递，或代购农资和日用品。信息员受理后会办理，每一步你都能看到。",
    new_request: "新的请求",
    sign_in_for_requests: "登录后才能提交和查看你的请求。",
    choose_village_for_requests: "先选择你的村，才能向本村信息社提交请求。",
    no_station_for_requests: "你的村还没有运营中的信息社，暂时无法提交请求。",
    request_item: "要办什么",
    errands: "代办",
    purchases: "代购",
    request_details: "具体说明",
    request_station: "办理站点",
    submit_request: "提交请求",
    no_payment_note: "本应用不收款：费用在信息社当面结清。",
    no_requests: "还没有请求。",
    request_steps: "办理进度",
    submitted_at: "提交于",
    withdraw_request: "撤销请求",
    refresh_status: "刷新状态",
    previous_page: "上一页",
    next_page: "下一页",
    queue_title: "代办代购请求",
    queue_empty: "没有这种状态的请求。",
    queue_not_informant: "代办代购请求由村级信息员处理。",
    accept_request: "受理",
    finish_request: "办结",
    cancel_request: "撤销",
    cancel_reason: "撤销原因（农民会看到）",
    confirm_cancel: "确认撤销",
    keep_request: "不撤销",
    call_farmer: "打电话",
};

pub(super) static EN: RequestTexts = RequestTexts {
    common: &COMMON_EN,
    requests_title: "Errands and purchases",
    requests_intro: "Ask your village station to pay a bill, top up a phone, withdraw cash, book a hospital, handle a parcel, or buy farm inputs and household goods for you. You can follow every step.",
    new_request: "New request",
    sign_in_for_requests: "Sign in to make and follow requests.",
    choose_village_for_requests: "Choose your village first to send a request to its station.",
    no_station_for_requests: "Your village has no operating station yet, so requests cannot be sent.",
    request_item: "What do you need",
    errands: "Errands",
    purchases: "Purchases",
    request_details: "Details",
    request_station: "Station",
    submit_request: "Send request",
    no_payment_note: "The app takes no payment: you settle with the station in person.",
    no_requests: "No requests yet.",
    request_steps: "Progress",
    submitted_at: "Sent",
    withdraw_request: "Withdraw request",
    refresh_status: "Refresh",
    previous_page: "Previous",
    next_page: "Next",
    queue_title: "Errand and purchase requests",
    queue_empty: "No requests in this state.",
    queue_not_informant: "Village informants handle errand and purchase requests.",
    accept_request: "Accept",
    finish_request: "Done",
    cancel_request: "Cancel",
    cancel_reason: "Reason for cancelling (the farmer sees it)",
    confirm_cancel: "Cancel the request",
    keep_request: "Keep it",
    call_farmer: "Call",
};
