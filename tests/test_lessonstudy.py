"""Lesson Study rules: only the team writes, the network reads shared studies, others get 404;
the status flow; case pupils; notes stored once per UUID; the report holds every item."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest

from intranet.accounts.models import Role, User
from intranet.core.rules import RuleError
from intranet.extensions import db
from intranet.lessonstudy import lessons, services
from intranet.lessonstudy.models import (
    CasePupil,
    LessonStudy,
    Observation,
    StudyMember,
    StudyStatus,
)
from intranet.lessonstudy.report import build_report, report_document
from intranet.notifications.models import Notification, NotificationKind
from tests import clock
from tests import lessonstudy_data as data
from tests.conftest import Auth
from tests.forum_data import url


@pytest.fixture(autouse=True)
def _request(app):
    """Services translate their refusals: call them as a view would, inside a request."""
    with app.test_request_context():
        yield


def _note(client, lesson, pupil, stage, body, note_uuid=None, noted_at=None, **headers):
    """Post an observation note as the phone's page does, taken ``noted_at`` (default: now)."""
    note_uuid = note_uuid or str(uuid.uuid4())
    return client.post(
        url("lessonstudy.record_observation", lesson_id=lesson.id),
        data={
            "client_uuid": note_uuid,
            "form_token": note_uuid,
            "pupil": pupil.id,
            "stage": stage.id,
            "body": body,
            "noted_at": clock.browser_time(noted_at),
        },
        headers=headers,
    )


def _first(s):
    lesson = lessons.lessons_of(s)[0]
    return lesson, services.pupils_of(s), lessons.stages_of(lesson)


# --- Creating a study ------------------------------------------------------------------------


def test_a_teacher_starts_a_study_and_leads_its_team(factory, login_as):
    t = data.team(factory, observers=0)
    client = login_as(t.lead)
    form = {
        "title": "Бөлшектер",
        "subject": "Математика",
        "grade": "5",
        "focus": "Сұрақ қою",
        "research_question": "Қалай?",
        "objective": "Бөлшекті салыстыру",
        "network": t.network.id,
        "starts_on": "2026-11-02",
        "form_token": "create-study-token-0001",
    }
    address = url("lessonstudy.create_study")
    first = client.post(address, data=form)
    again = client.post(address, data=form)  # a double tap
    assert first.status_code == 302 and again.status_code == 302
    studies = db.session.scalars(db.select(LessonStudy)).all()
    assert len(studies) == 1
    study = studies[0]
    assert study.lead_id == t.lead.id and study.school_id == t.school.id
    assert study.status == StudyStatus.PLANNING
    assert db.session.scalars(db.select(StudyMember.user_id)).all() == [t.lead.id]


def test_a_study_can_only_belong_to_the_leads_own_network(factory, login_as):
    t = data.team(factory, observers=0)
    client = login_as(t.stranger)
    response = client.post(
        url("lessonstudy.create_study"),
        data={
            "title": "Т",
            "subject": "М",
            "grade": "5",
            "focus": "ф",
            "research_question": "с",
            "objective": "о",
            "network": t.network.id,
            "starts_on": "2026-11-02",
        },
    )
    assert response.status_code == 200  # the form again: not a choice for this teacher
    assert db.session.scalar(db.select(LessonStudy.id)) is None


# --- Who reads and who writes ----------------------------------------------------------------


def test_only_the_team_reads_an_unshared_study(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson = lessons.lessons_of(s)[0]
    pages = [
        url("lessonstudy.view_study", study_id=s.id),
        url("lessonstudy.view_report", study_id=s.id),
        url("lessonstudy.view_lesson", lesson_id=lesson.id),
    ]
    for person, expected in (
        (t.lead, 200),
        (t.members[0], 200),
        (t.outsider_in_network, 404),
        (t.stranger, 404),
    ):
        client = login_as(person)
        assert [client.get(page).status_code for page in pages] == [expected] * 3, person
    coordinator = login_as(Role.COORDINATOR, school=None)
    assert coordinator.get(pages[1]).status_code == 200


def test_the_network_reads_a_shared_study_but_does_not_write(factory, login_as):
    t = data.team(factory)
    s = data.study(t, shared=True)
    lesson, pupils, stages = _first(s)
    reader = login_as(t.outsider_in_network)
    assert reader.get(url("lessonstudy.view_report", study_id=s.id)).status_code == 200
    assert _note(reader, lesson, pupils[0], stages[0], "Бөгде жазба").status_code == 403
    assert reader.get(url("lessonstudy.observe_lesson", lesson_id=lesson.id)).status_code == 403
    assert (
        reader.post(url("lessonstudy.add_pupil", study_id=s.id), data={"reason": "x"}).status_code
        == 403
    )
    stranger = login_as(t.stranger)
    assert stranger.get(url("lessonstudy.view_report", study_id=s.id)).status_code == 404
    assert _note(stranger, lesson, pupils[0], stages[0], "Бөгде жазба").status_code == 404
    member = login_as(t.members[0])
    assert _note(member, lesson, pupils[0], stages[0], "Команда жазбасы").status_code == 302
    assert [o.body for o in db.session.scalars(db.select(Observation))] == ["Команда жазбасы"]


def test_only_the_lead_changes_the_team_status_and_sharing(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    member = login_as(t.members[0])
    for address, form in (
        (url("lessonstudy.change_status", study_id=s.id), {"status": "analysis"}),
        (url("lessonstudy.share_study", study_id=s.id), {"shared": "1"}),
        (url("lessonstudy.add_member", study_id=s.id), {"email": t.outsider_in_network.email}),
    ):
        assert member.post(address, data=form).status_code == 403
    s = data.load(s.id)
    assert s.status == StudyStatus.RESEARCH and not s.shared and len(s.members) == 3


def test_the_team_takes_colleagues_of_the_network_only(factory, login_as):
    t = data.team(factory, observers=0)
    s = data.study(t)
    with pytest.raises(RuleError) as refused:
        services.add_member(s, t.lead, t.stranger.email)
    assert refused.value.field == "email"
    services.add_member(s, t.lead, t.outsider_in_network.email)
    db.session.commit()
    told = db.session.scalars(db.select(Notification)).all()
    assert [(n.user_id, n.kind, n.target_id) for n in told] == [
        (t.outsider_in_network.id, NotificationKind.LESSON_TEAM, s.id)
    ]
    with pytest.raises(RuleError):
        services.remove_member(data.load(s.id), t.lead, t.lead.id)


def test_lists_show_my_studies_and_my_networks_shared_ones_with_filters(factory, login_as):
    t = data.team(factory)
    mine = data.study(t)
    shared = data.study(t, shared=True, status=StudyStatus.PLANNING, lessons=0)
    shared.subject, shared.subject_key = "Қазақ тілі", "қазақ тілі"
    db.session.commit()
    reader = login_as(t.outsider_in_network)
    network_page = reader.get(url("lessonstudy.list_studies_network")).get_data(as_text=True)
    assert network_page.count(url("lessonstudy.view_study", study_id=shared.id)) == 1
    assert url("lessonstudy.view_study", study_id=mine.id) + '"' not in network_page
    assert url("lessonstudy.view_study", study_id=shared.id) + '"' not in reader.get(
        url("lessonstudy.list_studies_mine")
    ).get_data(as_text=True)
    lead = login_as(t.lead)

    def listed(**args):
        page = lead.get(url("lessonstudy.list_studies_mine", **args)).get_data(as_text=True)
        return {
            s.id for s in (mine, shared) if url("lessonstudy.view_study", study_id=s.id) in page
        }

    assert listed() == {mine.id, shared.id}
    assert listed(subject="қазақ") == {shared.id}
    assert listed(status="research") == {mine.id}
    assert listed(school=t.partner.id) == set()
    assert listed(school=t.school.id) == {mine.id, shared.id}


# --- The status flow and the case pupils -----------------------------------------------------


def test_the_status_flow(factory):
    t = data.team(factory)
    s = data.study(t, pupils=0, lessons=0, status=StudyStatus.PLANNING)
    for target in (StudyStatus.ANALYSIS, StudyStatus.COMPLETED):
        with pytest.raises(RuleError):
            services.change_status(s, t.lead, target)
    with pytest.raises(RuleError, match="two case pupils"):
        services.change_status(s, t.lead, StudyStatus.RESEARCH)
    services.add_pupil(s, t.lead, "жоғары")
    services.add_pupil(s, t.lead, "төмен")
    with pytest.raises(RuleError, match="research lesson"):
        services.change_status(s, t.lead, StudyStatus.RESEARCH)
    lessons.create_lesson(
        s, t.lead, taught_on=date(2026, 11, 9), teacher_id=t.lead.id, class_name="6", stages="a"
    )
    services.change_status(s, t.lead, StudyStatus.RESEARCH)
    with pytest.raises(RuleError):
        services.change_status(s, t.lead, StudyStatus.PLANNING)
    services.change_status(s, t.lead, StudyStatus.ANALYSIS)
    services.change_status(s, t.lead, StudyStatus.RESEARCH)  # teach the revised lesson again
    services.change_status(s, t.lead, StudyStatus.ANALYSIS)
    with pytest.raises(RuleError) as missing:
        services.change_status(s, t.lead, StudyStatus.COMPLETED, "   ")
    assert missing.value.field == "reflection"
    services.change_status(s, t.lead, StudyStatus.COMPLETED, "Қорытынды **рефлексия**")
    assert s.reflection_html == "<p>Қорытынды <strong>рефлексия</strong></p>\n"
    for target in StudyStatus:
        with pytest.raises(RuleError):
            services.change_status(s, t.lead, target)
    db.session.commit()
    lesson = lessons.lessons_of(s)[0]
    with pytest.raises(RuleError, match="completed"):
        lessons.create_lesson(
            s, t.lead, taught_on=date(2026, 12, 1), teacher_id=t.lead.id, class_name="6", stages="a"
        )
    with pytest.raises(RuleError):
        lessons.record_observation(
            lesson,
            t.lead,
            client_uuid=str(uuid.uuid4()),
            pupil_id=services.pupils_of(s)[0].id,
            stage_id=lessons.stages_of(lesson)[0].id,
            body="кеш",
        )


def test_the_status_form_completes_the_study_with_a_reflection(factory, login_as):
    t = data.team(factory)
    s = data.study(t, status=StudyStatus.ANALYSIS)
    lead = login_as(t.lead)
    address = url("lessonstudy.change_status", study_id=s.id)
    empty = lead.post(address, data={"status": "completed", "reflection": ""})
    assert empty.status_code == 200
    assert "Write the final reflection" in empty.get_data(as_text=True)
    done = lead.post(address, data={"status": "completed", "reflection": "Біз үйрендік"})
    assert done.status_code == 302
    assert data.load(s.id).status == StudyStatus.COMPLETED


def test_case_pupils_are_two_to_four_codes_chosen_while_planning(factory, login_as):
    t = data.team(factory)
    s = data.study(t, pupils=0, lessons=0, status=StudyStatus.PLANNING)
    lead = login_as(t.lead)
    page = lead.get(url("lessonstudy.view_study", study_id=s.id)).get_data(as_text=True)
    assert "Never enter real names or photos of children" in page
    for n in range(5):
        lead.post(url("lessonstudy.add_pupil", study_id=s.id), data={"reason": f"себеп {n}"})
    codes = db.session.scalars(db.select(CasePupil.code).order_by(CasePupil.code)).all()
    assert codes == ["A", "B", "C", "D"]
    s = data.load(s.id)
    s.status = StudyStatus.RESEARCH
    db.session.commit()
    with pytest.raises(RuleError, match="planned"):
        services.add_pupil(s, t.lead, "кеш")


# --- Observation -----------------------------------------------------------------------------


def test_a_note_sent_twice_is_stored_once(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    client = login_as(t.members[0])
    note_uuid = str(uuid.uuid4())
    # Taken an hour ago on the phone, within the clock slack: the phone's time is kept.
    taken = clock.now().replace(microsecond=0) - timedelta(hours=1)
    answers = [
        _note(
            client,
            lesson,
            pupils[1],
            stages[2],
            "Қолын көтерді",
            note_uuid,
            taken,
            **{"HX-Request": "true"},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert all("Қолын көтерді" in a.get_data(as_text=True) for a in answers)
    rows = db.session.scalars(db.select(Observation)).all()
    assert len(rows) == 1
    assert (rows[0].pupil_id, rows[0].stage_id, rows[0].observer_id) == (
        pupils[1].id,
        stages[2].id,
        t.members[0].id,
    )
    assert rows[0].noted_at == taken
    # Another observer cannot reuse someone else's note identifier to see or change it.
    other = login_as(t.members[1])
    reused = _note(
        other, lesson, pupils[0], stages[0], "Басқа", note_uuid, **{"HX-Request": "true"}
    )
    assert reused.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 1


def test_a_phone_whose_clock_is_days_off_gets_the_servers_time(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    client = login_as(t.lead)
    wrong = clock.now() - lessons.CLOCK_SLACK - timedelta(days=1)
    before = clock.now()
    assert _note(client, lesson, pupils[0], stages[0], "Сағаты қате", noted_at=wrong).status_code
    stored = db.session.scalar(db.select(Observation.noted_at))
    assert before <= stored <= clock.now()


def test_a_refused_note_answers_422_for_the_queue_and_the_form_without_js(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    client = login_as(t.lead)
    empty = _note(client, lesson, pupils[0], stages[0], "", **{"HX-Request": "true"})
    assert empty.status_code == 422
    page = _note(client, lesson, pupils[0], stages[0], "")
    assert page.status_code == 200 and 'id="observe-form"' in page.get_data(as_text=True)
    saved = _note(client, lesson, pupils[0], stages[0], "Жақсы")
    assert saved.status_code == 302
    assert "Жақсы" in client.get(saved.location).get_data(as_text=True)


def test_removing_a_case_pupil_or_a_team_member_asks_first(factory, login_as):
    t = data.team(factory, observers=1)
    s = data.study(t, status=StudyStatus.PLANNING)
    pupil = services.pupils_of(s)[0]
    client = login_as(t.lead)
    study_page = client.get(url("lessonstudy.view_study", study_id=s.id)).get_data(as_text=True)
    for endpoint, ident, question, shown in (
        (
            "lessonstudy.remove_pupil",
            {"pupil_id": pupil.id},
            "Remove this case pupil?",
            pupil.reason,
        ),
        (
            "lessonstudy.remove_member",
            {"user_id": t.members[0].id},
            "Remove this person from the study's team?",
            t.members[0].full_name,
        ),
    ):
        address = url(endpoint, study_id=s.id, **ident)
        assert f'<form method="get" action="{address}" data-confirm=' in study_page
        asked = client.get(address).get_data(as_text=True)
        assert f"<h1>{question}</h1>".replace("'", "&#39;") in asked and shown in asked
        token = f"remove-{endpoint.rsplit('_', 1)[-1]}-0001"  # the same click twice: harmless
        for _twice in range(2):
            assert client.post(address, data={"form_token": token}).status_code == 302
        assert client.get(address).status_code == 302  # removed: nothing to ask about
    s = data.load(s.id)
    assert pupil.id not in {p.id for p in services.pupils_of(s)}
    assert t.members[0].id not in {m.user_id for m in s.members}


def test_without_js_the_observe_page_sent_again_after_back_stores_no_second_note(factory, login_as):
    """The observe page's address carries the next note's UUID: Back after saving asks for that
    address again (the same UUID) and the browser refills the text, so saving again finds the
    note stored and says so. A different note written on that page is stored as a new one."""
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    client = login_as(t.lead)
    first = client.get(url("lessonstudy.observe_lesson", lesson_id=lesson.id, stage=stages[1].id))
    assert first.status_code == 302
    page_address = first.location
    assert f"stage={stages[1].id}" in page_address and "note=" in page_address
    page = client.get(page_address).get_data(as_text=True)
    (note_uuid,) = re.findall(r'name="client_uuid" type="hidden" value="([^"]+)"', page)
    assert note_uuid in page_address
    assert f'value="{note_uuid}"' in client.get(page_address).get_data(as_text=True)  # Back

    saved = _note(client, lesson, pupils[0], stages[1], "Сұрақ қойды", note_uuid=note_uuid)
    assert saved.status_code == 302 and note_uuid not in saved.location
    assert "Note saved." in client.get(saved.location).get_data(as_text=True)
    again = _note(client, lesson, pupils[0], stages[1], "Сұрақ қойды", note_uuid=note_uuid)
    assert again.status_code == 302
    assert "This note was saved already" in client.get(again.location).get_data(as_text=True)
    assert [n.body for n in lessons.notes_of(lesson)] == ["Сұрақ қойды"]

    other = _note(client, lesson, pupils[1], stages[1], "Жауап берді", note_uuid=note_uuid)
    assert other.status_code == 302
    assert "Note saved." in client.get(other.location).get_data(as_text=True)
    notes = lessons.notes_of(lesson)
    assert [n.body for n in notes] == ["Сұрақ қойды", "Жауап берді"]
    assert notes[0].client_uuid == note_uuid != notes[1].client_uuid


def test_another_observer_cannot_send_a_page_with_someone_elses_note_uuid(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    note_uuid = str(uuid.uuid4())
    assert (
        _note(login_as(t.lead), lesson, pupils[0], stages[0], "Бір", note_uuid).status_code == 302
    )
    member = login_as(t.members[0])
    refused = _note(member, lesson, pupils[0], stages[0], "Екі", note_uuid)
    assert refused.status_code == 200 and "This note has no valid identifier." in refused.get_data(
        as_text=True
    )
    assert [n.body for n in lessons.notes_of(lesson)] == ["Бір"]


# --- The report ------------------------------------------------------------------------------


def test_the_report_holds_every_recorded_item(factory, login_as):
    t = data.team(factory)
    s = data.study(t, lessons=2)
    lead = login_as(t.lead)
    planned = lessons.lessons_of(s)
    pupils = services.pupils_of(s)
    expected = []
    for lesson in planned:
        stages = lessons.stages_of(lesson)
        lessons.save_predictions(
            lesson,
            t.lead,
            {
                (st.id, p.id): f"Болжам {lesson.number}-{st.position}-{p.code}"
                for st in stages
                for p in pupils
            },
        )
        expected += [
            f"Болжам {lesson.number}-{st.position}-{p.code}" for st in stages for p in pupils
        ]
        for observer in (t.lead, *t.members):
            for p in pupils:
                body = f"Жазба {lesson.number}-{p.code}-{observer.id}"
                lessons.record_observation(
                    lesson,
                    observer,
                    client_uuid=str(uuid.uuid4()),
                    pupil_id=p.id,
                    stage_id=stages[1].id,
                    body=body,
                )
                expected.append(body)
        lessons.save_debrief(
            lesson,
            t.lead,
            interviews={p.id: f"Сұхбат {lesson.number}-{p.code}" for p in pupils},
            discussion=f"Талқылау {lesson.number}",
            changes=f"Өзгеріс {lesson.number}",
        )
        expected += [f"Сұхбат {lesson.number}-{p.code}" for p in pupils]
        expected += [
            f"Талқылау {lesson.number}",
            f"Өзгеріс {lesson.number}",
            f"Сабақ жоспары {lesson.number}",
        ]
    services.change_status(s, t.lead, StudyStatus.ANALYSIS)
    services.change_status(s, t.lead, StudyStatus.COMPLETED, "Соңғы рефлексия мәтіні")
    db.session.commit()
    expected += ["Соңғы рефлексия мәтіні", s.focus, s.research_question, s.objective]
    expected += [p.reason for p in pupils] + [m.full_name for m in t.members]
    page = lead.get(url("lessonstudy.view_report", study_id=s.id)).get_data(as_text=True)
    missing = [item for item in expected if item not in page]
    assert not missing
    document = report_document(data.load(s.id))
    assert document.title == s.title
    assert not [item for item in expected if item not in document.markdown]
    assert "<strong>" in document.html and "<script" not in document.html
    report = build_report(data.load(s.id))
    assert sum(item.note_count for item in report.lessons) == 2 * 3 * 3


def test_monitoring_counts_studies_begun_and_completed_in_the_period(factory):
    from intranet.monitoring.metrics import compute_all
    from intranet.monitoring.period import Period

    t = data.team(factory)
    begun_last_year = data.study(t, status=StudyStatus.COMPLETED)
    begun_last_year.created_at = datetime(2026, 5, 10, 9, 0)
    begun_last_year.completed_at = datetime(2026, 10, 20, 9, 0)
    autumn = data.study(t, status=StudyStatus.COMPLETED)
    autumn.created_at = datetime(2026, 9, 15, 9, 0)
    autumn.completed_at = datetime(2026, 11, 30, 20, 0)  # 1 December in Almaty
    running = data.study(t)
    running.created_at = datetime(2026, 10, 1, 9, 0)
    db.session.commit()

    results = compute_all([t.school.id], Period(date(2026, 9, 1), date(2027, 8, 31)))
    begun, completed = results["lesson_studies_started"], results["lesson_studies_completed"]
    assert begun.totals == {t.school.id: 2}
    assert begun.months[t.school.id] == {"2026-09": 1, "2026-10": 1}
    assert completed.totals == {t.school.id: 2}
    assert completed.months[t.school.id] == {"2026-10": 1, "2026-12": 1}
    november = compute_all([t.school.id], Period(date(2026, 11, 1), date(2026, 11, 30)))
    assert november["lesson_studies_completed"].totals == {}


def test_the_demo_has_a_lesson_study_in_progress_at_a_shyn_school(app):
    from intranet.demo import seed_demo
    from intranet.lessonstudy.models import ResearchLesson

    seed_demo()
    seed_demo()  # a second run adds nothing
    studies = db.session.scalars(db.select(LessonStudy)).all()
    assert len(studies) == 1
    study = data.load(studies[0].id)
    assert study.network.name == "«ШЫҢ» кәсіби қауымдастығы" and study.shared
    assert study.status == StudyStatus.RESEARCH and len(study.members) == 4
    assert [p.code for p in services.pupils_of(study)] == ["A", "B", "C"]
    stored = db.session.scalars(db.select(ResearchLesson)).all()
    assert len(stored) == 1
    notes = lessons.notes_of(stored[0])
    assert len(notes) == 6 and len({n.observer_id for n in notes}) == 3
    assert any("Молчит" in n.body for n in notes)
    coordinator = db.session.scalar(
        db.select(User).where(User.email == "coordinator@demo.zheli.kz")
    )
    client = app.test_client()
    assert Auth(client).login(coordinator, app.config["DEMO_PASSWORD"]).status_code == 302
    page = client.get(url("lessonstudy.view_report", study_id=study.id))
    assert page.status_code == 200 and "Молчит" in page.get_data(as_text=True)


# --- The forms, through the pages ------------------------------------------------------------


def test_predictions_and_the_talk_after_the_lesson_through_their_forms(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, pupils, stages = _first(s)
    member = login_as(t.members[1])
    form = {f"p_{st.id}_{p.id}": f"Болжам {st.position}{p.code}" for st in stages for p in pupils}
    address = url("lessonstudy.edit_predictions", lesson_id=lesson.id)
    assert (
        member.post(address, data={**form, "form_token": "predictions-token-01"}).status_code == 302
    )
    assert lessons.predictions_of(lesson)[(stages[2].id, pupils[0].id)] == "Болжам 3A"
    page = member.get(address).get_data(as_text=True)
    assert "Болжам 3A" in page  # the form shows what was saved
    after = url("lessonstudy.edit_debrief", lesson_id=lesson.id)
    answer = member.post(
        after,
        data={
            f"i_{pupils[0].id}": "A: «Топта сөйлеу оңай болды»",
            "discussion": "Болжам **расталмады**",
            "changes": "Жұптарды ауыстыру",
            "form_token": "debrief-token-000001",
        },
    )
    assert answer.status_code == 302
    db.session.expire_all()
    lesson = lessons.lessons_of(s)[0]
    assert lesson.discussion_html == "<p>Болжам <strong>расталмады</strong></p>\n"
    assert lesson.changes == "Жұптарды ауыстыру"
    assert [i.body for i in lessons.interviews_of(lesson).values()] == [
        "A: «Топта сөйлеу оңай болды»"
    ]
    assert "Жұптарды ауыстыру" in member.get(after).get_data(as_text=True)


def test_the_lead_edits_the_study_and_a_team_member_does_not(factory, login_as):
    t = data.team(factory)
    s = data.study(t, shared=True)
    address = url("lessonstudy.edit_study", study_id=s.id)
    lead = login_as(t.lead)
    page = lead.get(address).get_data(as_text=True)
    assert s.research_question in page
    form = {
        "title": "Жаңа атау",
        "subject": "Математика",
        "grade": "7",
        "focus": "ф",
        "research_question": "с",
        "objective": "о",
        "network": 0,
        "starts_on": "2026-11-02",
        "ends_on": "2026-10-01",
    }
    refused = lead.post(address, data=form)
    assert refused.status_code == 200 and "cannot end before it starts" in refused.get_data(
        as_text=True
    )
    assert lead.post(address, data={**form, "ends_on": "2026-12-20"}).status_code == 302
    s = data.load(s.id)
    assert (s.title, s.grade, s.network_id, s.shared) == ("Жаңа атау", "7", None, False)
    assert login_as(t.members[0]).get(address).status_code == 403


def test_team_and_pupil_sections_answer_htmx_with_small_fragments(factory, login_as):
    from tests.measure import gzip_size

    t = data.team(factory, observers=0)
    s = data.study(t, pupils=0, lessons=0, status=StudyStatus.PLANNING)
    lead = login_as(t.lead)
    hx = {"HX-Request": "true"}
    team = lead.post(
        url("lessonstudy.add_member", study_id=s.id),
        data={"email": t.outsider_in_network.email},
        headers=hx,
    )
    pupil = lead.post(url("lessonstudy.add_pupil", study_id=s.id), data={"reason": "x"}, headers=hx)
    refused = lead.post(
        url("lessonstudy.add_member", study_id=s.id), data={"email": t.stranger.email}, headers=hx
    )
    for response, marker in ((team, 'id="team"'), (pupil, 'id="pupils"'), (refused, 'id="team"')):
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and marker in body and "<html" not in body
        assert gzip_size(response.get_data()) <= 3 * 1024
    assert "Only teachers of the study" in refused.get_data(as_text=True)
    assert t.outsider_in_network.full_name in team.get_data(as_text=True)


def test_a_team_notification_links_to_the_study(factory, login_as):
    t = data.team(factory, observers=0)
    s = data.study(t)
    services.add_member(s, t.lead, t.outsider_in_network.email)
    db.session.commit()
    notification = db.session.scalar(db.select(Notification))
    client = login_as(t.outsider_in_network)
    response = client.post(url("notifications.open_notification", notification_id=notification.id))
    assert response.status_code == 302
    assert response.location.endswith(url("lessonstudy.view_study", study_id=s.id))
    assert client.get(response.location).status_code == 200


def test_the_team_edits_a_lessons_details_and_plan_but_not_its_stages(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson, _pupils, stages = _first(s)
    member = login_as(t.members[0])
    address = url("lessonstudy.edit_lesson", lesson_id=lesson.id)
    page = member.get(address).get_data(as_text=True)
    assert "Сабақ жоспары 1" in page and 'name="stages"' not in page
    form = {"taught_on": "2026-11-11", "class_name": "6 «Б»", "plan": "Жаңа *жоспар*"}
    outsider = member.post(address, data={**form, "teacher": t.stranger.id})
    assert outsider.status_code == 200  # not a choice: only the team teaches
    assert member.post(address, data={**form, "teacher": t.members[0].id}).status_code == 302
    db.session.expire_all()
    lesson = lessons.lessons_of(s)[0]
    assert (lesson.class_name, lesson.teacher_id, lesson.plan_html) == (
        "6 «Б»",
        t.members[0].id,
        "<p>Жаңа <em>жоспар</em></p>\n",
    )
    assert [st.id for st in lessons.stages_of(lesson)] == [st.id for st in stages]
