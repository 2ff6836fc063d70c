//! 培训体验 (portal): the courses, featured first, with my progress (`/training`); a
//! course's lessons (`/training/{code}`); one lesson, read aloud on request, which a
//! signed-in learner marks as learnt before going on (`/training/{code}/{number}`).

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_params_map};
use yinong_model::training::{Course, CourseSummary, Lesson};

use crate::api;
use crate::context::use_session;
use crate::group_training::NearbyTraining;
use crate::i18n::use_i18n;
use crate::shell::{loaded, number_param, Link, ReadAloud};

#[component]
pub fn CourseList() -> impl IntoView {
    let i18n = use_i18n();
    let courses = Answer::new(api::courses);
    view! {
        <section class="training">
            <h1 class="section-title">{move || i18n.portal().training_title}</h1>
            {loaded(courses, |courses: Vec<CourseSummary>| view! {
                <ul class="course-list">
                    {courses.into_iter().map(|course| view! { <li><CourseCard course/></li> }).collect_view()}
                </ul>
            })}
            <NearbyTraining/>
        </section>
    }
}

/// What a course is about and how much of it I have learnt.
#[component]
pub fn CourseCard(course: CourseSummary) -> impl IntoView {
    let i18n = use_i18n();
    let CourseSummary {
        code,
        category,
        title,
        summary,
        featured,
        lessons,
        finished,
        ..
    } = course;
    view! {
        <Link href=format!("/training/{code}") class=if featured { "course-card featured" } else { "course-card" }>
            <span class="course-tags">
                <span class="tag">{move || i18n.lang().pick(category.name_zh(), category.name_en()).to_owned()}</span>
                {featured.then(|| view! { <span class="tag tag-ok">{move || i18n.portal().featured}</span> })}
            </span>
            <span class="course-title">{title}</span>
            <span class="course-summary">{summary}</span>
            <span class="course-progress">
                <progress max=lessons value=finished></progress>
                {move || format!("{} {finished}/{lessons}", i18n.portal().learnt)}
            </span>
        </Link>
    }
}

fn code_param() -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.read().get("code").unwrap_or_default()
}

#[component]
pub fn CourseView() -> impl IntoView {
    let i18n = use_i18n();
    let code = code_param();
    let course = Answer::new(move || api::course(code()));
    view! {
        <section class="training">
            {loaded(course, |course: Course| {
                let code = course.summary.code.clone();
                view! {
                    <CourseCard course=course.summary/>
                    <ol class="lesson-list">
                        {course.lessons.into_iter().map(|lesson| view! {
                            <li>
                                <Link href=format!("/training/{code}/{}", lesson.number) class="lesson-link">
                                    <span>{lesson.number}". "{lesson.title}</span>
                                    {lesson.finished.then(|| view! { <span class="tag tag-ok">"✓"</span> })}
                                </Link>
                            </li>
                        }).collect_view()}
                    </ol>
                }
            })}
            <Link href="/training" class="more-link">{move || i18n.portal().training_title}</Link>
        </section>
    }
}

#[component]
pub fn LessonView() -> impl IntoView {
    let code = code_param();
    let number = number_param::<u32>("number");
    let lesson = Answer::new(move || api::lesson(code(), number()));
    let learnt = Callback::new(move |()| lesson.refetch());
    view! {
        <section class="training">
            {loaded(lesson, move |lesson: Lesson| view! { <LessonPage lesson learnt/> })}
        </section>
    }
}

#[component]
fn LessonPage(lesson: Lesson, learnt: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let error = RwSignal::new(None::<String>);
    let Lesson {
        course_code,
        course_title,
        number,
        of,
        title,
        body,
        image_url,
        video_url,
        finished,
    } = lesson;
    let spoken = format!("{title}。{body}");
    let code = course_code.clone();
    let finish = move |_| {
        let code = code.clone();
        spawn_local(async move {
            match api::finish_lesson(&code, number).await {
                Ok(()) => learnt.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    let next = (number < of).then(|| format!("/training/{course_code}/{}", number + 1));
    let progress = move || {
        if finished {
            return view! { <p class="lesson-done">{i18n.portal().lesson_finished}</p> }.into_any();
        }
        if session.me.get().is_none() {
            let href = format!("/login?next={}", location.pathname.get_untracked());
            return view! { <Link href class="button secondary">{move || i18n.portal().sign_in_for_progress}</Link> }.into_any();
        }
        view! { <button type="button" class="button" on:click=finish.clone()>{i18n.portal().finish_lesson}</button> }.into_any()
    };
    view! {
        <article class="lesson">
            <p class="lesson-course">{course_title}" · "{move || i18n.portal().lesson_label}" "{number}" / "{of}</p>
            <h1 class="section-title">{title}</h1>
            <ReadAloud text=spoken/>
            {image_url.map(|src| view! { <img class="lesson-image" src=src alt="" loading="lazy"/> })}
            <div class="lesson-body">
                {body.lines().filter(|line| !line.trim().is_empty())
                    .map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
            </div>
            {video_url.map(|href| view! {
                <a class="button secondary" href=href target="_blank" rel="noopener">{move || i18n.portal().watch_video}</a>
            })}
        </article>
        {progress}
        {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        <nav class="lesson-nav">
            {next.map(|href| view! { <Link href class="button">{move || i18n.portal().next_lesson}</Link> })}
            <Link href=format!("/training/{course_code}") class="more-link">{move || i18n.portal().back_to_course}</Link>
        </nav>
    }
}
