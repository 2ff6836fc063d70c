//! The three entry points' routes inside the shell (header, demo banner, bottom tab bar).
//! A farmer's first load is the home page's own bundle; the other farmer pages are a
//! second, staff pages under `/staff` a third, so the first load carries none of them
//! (`yinong_model::entry`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use yinong_model::entry::EntryPoint;

use crate::account::{MyPage, PhoneSignIn, StaffSignIn};
use crate::bulletins::{BulletinList, BulletinView, PublishBulletins};
use crate::capture::provide_outbox;
use crate::context::{provide_entry, provide_session};
use crate::dashboard::Dashboard;
use crate::i18n::provide_i18n;
use crate::incidents::{IncidentReview, ReportIncident};
use crate::jobs::{JobBoard, JobForm, PostJobForFarmer};
use crate::listings::{
    ListingBoard, ListingForm, ListingReview, ListingView, MyListings, PostForFarmer,
};
use crate::news::{NewsReview, NewsView, VillagePage, WriteNews};
use crate::portal::{Home, Services, VillagePicker};
use crate::prices::{MarketBoard, PriceReports, PriceReview};
use crate::qualification::{AssessmentPage, ExamPage, InformantStandingsPage, QualificationPage};
use crate::questions::{AskQuestion, ExpertQueue, KnowledgeBase, MyQuestions, QuestionView};
use crate::requests::{MyRequests, NewRequestForm, RequestView, ServiceLog};
use crate::shell::{NotFound, Shell, PORTAL_TABS, STAFF_TABS};
use crate::stations::{DeclareStation, EditStation, StationList, StationView};
use crate::training::{CourseList, CourseView, LessonView};
use crate::users::Users;
use crate::workbench::StaffHome;

fn provide_app_state(entry: EntryPoint) {
    provide_entry(entry);
    provide_i18n();
    provide_session();
}

#[component]
pub fn HomeApp() -> impl IntoView {
    provide_app_state(EntryPoint::Home);
    view! {
        <Router>
            <Shell tabs=&PORTAL_TABS>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                </Routes>
            </Shell>
        </Router>
    }
}

#[component]
pub fn PortalApp() -> impl IntoView {
    provide_app_state(EntryPoint::Portal);
    view! {
        <Router>
            <Shell tabs=&PORTAL_TABS>
                <Routes fallback=NotFound>
                    <Route path=path!("/services") view=Services/>
                    <Route path=path!("/village") view=VillagePicker/>
                    <Route path=path!("/login") view=PhoneSignIn/>
                    <Route path=path!("/me") view=MyPage/>
                    <Route path=path!("/requests") view=MyRequests/>
                    <Route path=path!("/requests/new") view=NewRequestForm/>
                    <Route path=path!("/requests/:id") view=RequestView/>
                    <Route path=path!("/notices") view=BulletinList/>
                    <Route path=path!("/notices/:id") view=BulletinView/>
                    <Route path=path!("/training") view=CourseList/>
                    <Route path=path!("/jobs") view=JobBoard/>
                    <Route path=path!("/jobs/new") view=JobForm/>
                    <Route path=path!("/listings") view=ListingBoard/>
                    <Route path=path!("/questions") view=KnowledgeBase/>
                    <Route path=path!("/prices") view=MarketBoard/>
                    <Route path=path!("/villages/:code") view=VillagePage/>
                    <Route path=path!("/news/:id") view=NewsView/>
                    <Route path=path!("/questions/new") view=AskQuestion/>
                    <Route path=path!("/questions/mine") view=MyQuestions/>
                    <Route path=path!("/questions/:id") view=QuestionView/>
                    <Route path=path!("/listings/new") view=ListingForm/>
                    <Route path=path!("/listings/mine") view=MyListings/>
                    <Route path=path!("/listings/:id") view=ListingView/>
                    <Route path=path!("/complaints/:station") view=crate::operators::ComplainPage/>
                    <Route path=path!("/training/:code") view=CourseView/>
                    <Route path=path!("/training/:code/:number") view=LessonView/>
                </Routes>
            </Shell>
        </Router>
    }
}

#[component]
pub fn StaffApp() -> impl IntoView {
    provide_app_state(EntryPoint::Staff);
    provide_outbox();
    view! {
        <Router>
            <Shell tabs=&STAFF_TABS>
                <Routes fallback=NotFound>
                    <Route path=path!("/staff") view=StaffHome/>
                    <Route path=path!("/staff/login") view=StaffSignIn/>
                    <Route path=path!("/staff/dashboard") view=Dashboard/>
                    <Route path=path!("/staff/users") view=Users/>
                    <Route path=path!("/staff/import") view=crate::imports::ImportPage/>
                    <Route path=path!("/staff/stations") view=StationList/>
                    <Route path=path!("/staff/stations/new") view=DeclareStation/>
                    <Route path=path!("/staff/stations/:code") view=StationView/>
                    <Route path=path!("/staff/stations/:code/edit") view=EditStation/>
                    <Route path=path!("/staff/stations/:code/inspect") view=crate::acceptance::InspectStation/>
                    <Route path=path!("/staff/filings") view=crate::acceptance::FilingsPage/>
                    <Route path=path!("/staff/progress") view=crate::progress::ProgressPage/>
                    <Route path=path!("/staff/operators") view=crate::operators::OperatorsPage/>
                    <Route path=path!("/staff/operators/reports") view=crate::operators::CorrectionReview/>
                    <Route path=path!("/staff/operators/:id") view=crate::operators::ContractPage/>
                    <Route path=path!("/staff/complaints") view=crate::operators::ComplaintReview/>
                    <Route path=path!("/staff/me") view=MyPage/>
                    <Route path=path!("/staff/bulletins") view=PublishBulletins/>
                    <Route path=path!("/staff/listings") view=ListingReview/>
                    <Route path=path!("/staff/listings/for-farmer") view=PostForFarmer/>
                    <Route path=path!("/staff/jobs/for-farmer") view=PostJobForFarmer/>
                    <Route path=path!("/staff/questions") view=ExpertQueue/>
                    <Route path=path!("/staff/experts") view=crate::experts::AnswerTimesPage/>
                    <Route path=path!("/staff/group-training") view=crate::group_training::GroupTrainingPage/>
                    <Route path=path!("/staff/group-training/:id") view=crate::group_training::TrainingSessionPage/>
                    <Route path=path!("/staff/prices") view=PriceReports/>
                    <Route path=path!("/staff/prices/review") view=PriceReview/>
                    <Route path=path!("/staff/news") view=WriteNews/>
                    <Route path=path!("/staff/news/review") view=NewsReview/>
                    <Route path=path!("/staff/incidents") view=ReportIncident/>
                    <Route path=path!("/staff/incidents/review") view=IncidentReview/>
                    <Route path=path!("/staff/service-log") view=ServiceLog/>
                    <Route path=path!("/staff/qualification") view=QualificationPage/>
                    <Route path=path!("/staff/exam") view=ExamPage/>
                    <Route path=path!("/staff/informants") view=InformantStandingsPage/>
                    <Route path=path!("/staff/assessment") view=AssessmentPage/>
                </Routes>
            </Shell>
        </Router>
    }
}
