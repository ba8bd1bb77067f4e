"""Essay pages over HTTP: writing, autosave, submitting (own work, late, refused after the
cut-off with the draft kept), withdrawing, feedback in place, visibility per role (404 for the
private), the filtered list, tracking, history and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from intranet.core.i18n import local_today
from intranet.essays import services
from intranet.essays.models import CycleVisibility, Essay, EssayResponse, EssayStatus
from intranet.extensions import db
from intranet.notifications.models import Notification, NotificationKind
from tests.essays_data import KAZAKH_ESSAY, RUSSIAN_ESSAY, community, cycle, submitted, url


def _essay(cycle_row, author):
    db.session.expire_all()
    return db.session.scalar(
        db.select(Essay).where(Essay.cycle_id == cycle_row.id, Essay.author_id == author.id)
    )


def test_a_teacher_writes_saves_and_submits(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    client = login_as(c.teacher)
    page = client.get(url("essays.write_essay", cycle_id=row.id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'hx-trigger="input changed delay:3s, zheli:send"' in html and "essays.js" in html
    assert 'data-offline-label="Offline: kept on this phone at __TIME__"' in html
    saved = client.post(
        url("essays.write_essay", cycle_id=row.id),
        data={"body": KAZAKH_ESSAY, "form_token": "t" * 20, "save": "1"},
    )
    assert saved.status_code == 302
    assert _essay(row, c.teacher).status == EssayStatus.DRAFT
    no_statement = client.post(
        url("essays.write_essay", cycle_id=row.id),
        data={"body": KAZAKH_ESSAY, "form_token": "u" * 20, "submit": "1"},
    )
    assert no_statement.status_code == 200
    assert "Confirm that the essay is your own work." in no_statement.get_data(as_text=True)
    assert _essay(row, c.teacher).status == EssayStatus.DRAFT
    done = client.post(
        url("essays.write_essay", cycle_id=row.id),
        data={"body": KAZAKH_ESSAY, "form_token": "v" * 20, "submit": "1", "own_work": "y"},
    )
    essay = _essay(row, c.teacher)
    assert done.status_code == 302 and done.location.endswith(f"/essays/e/{essay.id}")
    assert (essay.status, essay.late, essay.version_count) == (EssayStatus.SUBMITTED, False, 1)
    again = client.post(
        url("essays.write_essay", cycle_id=row.id),
        data={"body": KAZAKH_ESSAY, "form_token": "v" * 20, "submit": "1", "own_work": "y"},
    )
    assert again.status_code == 302  # the same form twice: nothing new
    assert _essay(row, c.teacher).version_count == 1


def test_autosave_answers_a_small_fragment_with_the_time(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    client = login_as(c.teacher)
    response = client.post(
        url("essays.save_draft", cycle_id=row.id),
        data={"body": RUSSIAN_ESSAY, "form_token": "a" * 20},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith('<span id="saved-at"')
    assert "Saved at " in html and len(response.get_data()) < 3 * 1024
    assert _essay(row, c.teacher).body == RUSSIAN_ESSAY
    outsider = login_as(c.outsider)
    refused = outsider.post(
        url("essays.save_draft", cycle_id=row.id),
        data={"body": RUSSIAN_ESSAY, "form_token": "b" * 20},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 404


def test_late_after_the_due_date_and_refused_after_the_cutoff_keeping_the_draft(
    app, factory, login_as
):
    c = community(factory)
    late_cycle = cycle(c.network, opens=-10, due=-1, cutoff=2)
    closed = cycle(c.network, opens=-20, due=-5, cutoff=-1, title="Қазан")
    client = login_as(c.teacher)
    form = {"body": KAZAKH_ESSAY, "submit": "1", "own_work": "y"}
    client.post(
        url("essays.write_essay", cycle_id=late_cycle.id), data={**form, "form_token": "l" * 20}
    )
    assert _essay(late_cycle, c.teacher).late is True
    refused = client.post(
        url("essays.write_essay", cycle_id=closed.id), data={**form, "form_token": "c" * 20}
    )
    assert refused.status_code == 200
    assert "Your text is kept as a draft." in refused.get_data(as_text=True)
    kept = _essay(closed, c.teacher)
    assert (kept.status, kept.body, kept.version_count) == (EssayStatus.DRAFT, KAZAKH_ESSAY, 0)
    page = client.get(url("essays.write_essay", cycle_id=closed.id)).get_data(as_text=True)
    assert "Осы айда сабақта сыни сұрақтарды" in page


def test_withdraw_edit_and_submit_again_keeps_both_versions(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    essay = submitted(row, c.teacher)
    client = login_as(c.teacher)
    out = client.post(
        url("essays.withdraw_essay", essay_id=essay.id), data={"form_token": "w" * 20}
    )
    assert out.status_code == 302
    assert _essay(row, c.teacher).status == EssayStatus.DRAFT
    client.post(
        url("essays.write_essay", cycle_id=row.id),
        data={"body": KAZAKH_ESSAY + " Келесі айда топпен жұмыс істеймін.", "form_token": "x" * 20,
              "submit": "1", "own_work": "y"},
    )  # fmt: skip
    page = client.get(url("essays.view_essay", essay_id=essay.id)).get_data(as_text=True)
    assert "2 submitted versions" in page and "withdrawn" in page
    assert "Келесі айда топпен" in page


def test_withdrawal_is_refused_after_the_due_date(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network, opens=-10, due=-1, cutoff=3)
    essay = submitted(row, c.teacher, day=row.due_on)
    client = login_as(c.teacher)
    page = client.get(url("essays.view_essay", essay_id=essay.id)).get_data(as_text=True)
    assert "Withdraw and edit" not in page
    client.post(url("essays.withdraw_essay", essay_id=essay.id), data={"form_token": "w" * 20})
    assert _essay(row, c.teacher).status == EssayStatus.SUBMITTED


def test_private_essays_answer_404_to_colleagues_and_the_list_follows_visibility(
    app, factory, login_as
):
    c = community(factory)
    private = cycle(c.network, visibility=CycleVisibility.REVIEWERS, title="Жабық")
    essay = submitted(private, c.teacher)
    address = url("essays.view_essay", essay_id=essay.id)
    statuses = {
        name: login_as(person).get(address).status_code
        for name, person in {
            "author": c.teacher, "colleague": c.colleague, "lead": c.lead, "mentor": c.mentor,
            "outsider": c.outsider, "coordinator": c.coordinator,
        }.items()
    }  # fmt: skip
    assert statuses == {
        "author": 200, "colleague": 404, "lead": 200, "mentor": 200, "outsider": 404,
        "coordinator": 200,
    }  # fmt: skip
    colleague_cycle = login_as(c.colleague).get(url("essays.view_cycle", cycle_id=private.id))
    assert "Submitted essays" not in colleague_cycle.get_data(as_text=True)
    assert (
        login_as(c.outsider).get(url("essays.view_cycle", cycle_id=private.id)).status_code == 404
    )


def test_feedback_in_place_notifies_the_author(app, factory, login_as):
    c = community(factory)
    essay = submitted(cycle(c.network), c.teacher)
    mentor = login_as(c.mentor)
    page = mentor.get(url("essays.view_essay", essay_id=essay.id)).get_data(as_text=True)
    assert "Send feedback" in page
    response = mentor.post(
        url("essays.add_feedback", essay_id=essay.id),
        data={"body": "Күту уақыты — *тамаша* қадам.", "form_token": "f" * 20},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert (
        response.status_code == 200 and "<em>тамаша</em>" in html and 'hx-swap-oob="true"' in html
    )
    assert len(response.get_data()) < 3 * 1024
    note = db.session.scalar(db.select(Notification))
    assert (note.user_id, note.kind) == (c.teacher.id, NotificationKind.ESSAY_FEEDBACK)
    colleague = login_as(c.colleague)
    colleague.post(
        url("essays.add_comment", essay_id=essay.id),
        data={"body": "Мен де байқап көремін.", "form_token": "g" * 20},
    )
    assert db.session.scalar(db.select(db.func.count(EssayResponse.id))) == 2
    forbidden = colleague.post(
        url("essays.add_feedback", essay_id=essay.id), data={"body": "x", "form_token": "h" * 20}
    )
    assert forbidden.status_code == 403
    author_view = login_as(c.teacher).get(url("notifications.list_notifications"))
    assert "left feedback on your essay in “Қараша: менің өзгерісім”" in author_view.get_data(
        as_text=True
    )


def test_the_list_filters_by_school_status_and_language(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network, opens=-10, due=-1, cutoff=3)
    submitted(row, c.teacher, KAZAKH_ESSAY, day=row.due_on)
    submitted(row, c.far_teacher, RUSSIAN_ESSAY, day=row.due_on + timedelta(days=1))
    client = login_as(c.lead)

    def names(**filters):
        html = client.get(url("essays.view_cycle", cycle_id=row.id, **filters)).get_data(
            as_text=True
        )
        return [n for n in ("Ерлан Мұқанов", "Ирина Коваленко") if n in html]

    assert names() == ["Ерлан Мұқанов", "Ирина Коваленко"]
    assert names(school=c.school.id) == ["Ерлан Мұқанов"]
    assert names(status="late") == ["Ирина Коваленко"]
    assert names(status="on_time") == ["Ерлан Мұқанов"]
    assert names(language="ru") == ["Ирина Коваленко"]
    assert names(language="en") == []


def test_tracking_school_page_and_history(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    submitted(row, c.teacher)
    services.save_draft(row, c.colleague, RUSSIAN_ESSAY)
    db.session.commit()
    lead = login_as(c.lead)
    table = lead.get(url("essays.track_cycle", cycle_id=row.id)).get_data(as_text=True)
    assert "Заречный орта мектебі" in table and "Мичурин орта мектебі" in table
    assert "25%" in table and "50%" in table  # 1 of 4 on time overall, 2 of 4 missing
    school = lead.get(url("essays.track_school", cycle_id=row.id, school=c.school.id))
    html = school.get_data(as_text=True)
    assert "Ерлан Мұқанов" in html and "Гүлжан Әбенова" in html and "Ирина" not in html
    assert "Draft only" in html
    history = login_as(c.teacher).get(url("essays.my_history")).get_data(as_text=True)
    assert row.title in history and "On time" in history


def test_csv_export_is_utf8_with_bom_and_one_row_per_member(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    submitted(row, c.teacher)
    services.save_draft(row, c.colleague, RUSSIAN_ESSAY)
    db.session.commit()
    c.far_teacher.full_name = "=HYPERLINK(1)"
    db.session.commit()
    response = login_as(c.coordinator).get(url("essays.export_cycle", cycle_id=row.id))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name", "E-mail", "School", "Status", "Submitted at", "Sentences", "Words", "Language",
        "Versions",
    ]  # fmt: skip
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"Ерлан Мұқанов", "Гүлжан Әбенова", "'=HYPERLINK(1)", "Бақыт Сейітқали"}
    teacher = by_name["Ерлан Мұқанов"]
    assert teacher[2:4] == ["Заречный орта мектебі", "On time"]
    assert teacher[5:] == ["4", "22", "Kazakh", "1"]
    assert by_name["Гүлжан Әбенова"][3:4] == ["Draft only"]
    assert by_name["Бақыт Сейітқали"][3] == "Missing"
    assert login_as(c.teacher).get(url("essays.export_cycle", cycle_id=row.id)).status_code == 403


def test_creating_a_cycle_and_a_series_through_the_forms(app, factory, login_as):
    c = community(factory)
    lead = login_as(c.lead)
    day = local_today()
    response = lead.post(
        url("essays.create_cycle"),
        data={
            "network": c.network.id, "title": "Желтоқсан эссесі", "prompt": "Не өзгерді?",
            "opens_on": day.isoformat(), "due_on": (day - timedelta(days=1)).isoformat(),
            "cutoff_on": day.isoformat(), "expected_sentences": "10", "visibility": "community",
            "form_token": "n" * 20,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "The due date cannot come before the opening date." in response.get_data(as_text=True)
    ok = lead.post(
        url("essays.create_series"),
        data={
            "network": c.network.id, "title": "Айлық эссе", "prompt": "Не өзгерді?",
            "first_year": str(day.year), "due_day": "25", "grace_days": "5",
            "expected_sentences": "10", "visibility": "reviewers", "form_token": "s" * 20,
        },
    )  # fmt: skip
    assert ok.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Essay.__table__)) == 0
    page = lead.get(url("essays.index")).get_data(as_text=True)
    assert page.count("Айлық эссе: ") == 9


def test_a_director_follows_their_own_school_and_no_other(app, factory, login_as):
    """A director who reviews nothing sees who of their school has sent theirs, reads none of
    the essays of a cycle kept to reviewers, and gets 403 for other schools and the whole
    table."""
    from intranet.accounts.models import Role

    c = community(factory)
    row = cycle(c.network, visibility=CycleVisibility.REVIEWERS)
    submitted(row, c.teacher)
    services.save_draft(row, c.colleague, RUSSIAN_ESSAY)
    db.session.commit()
    director = login_as(factory.user(Role.SCHOOL_LEADER, school=c.school))
    own = url("essays.track_school", cycle_id=row.id, school=c.school.id)
    page = director.get(url("essays.view_cycle", cycle_id=row.id)).get_data(as_text=True)
    assert own.replace("&", "&amp;") in page or own in page
    assert f'href="{url("essays.track_cycle", cycle_id=row.id)}"' not in page
    html = director.get(own).get_data(as_text=True)
    assert "Ерлан Мұқанов" in html and "Гүлжан Әбенова" in html and "Ирина" not in html
    assert "On time" in html and "Draft only" in html
    assert url("essays.view_essay", essay_id=_essay(row, c.teacher).id) not in html
    for refused in (
        url("essays.track_school", cycle_id=row.id, school=c.other_school.id),
        url("essays.track_school", cycle_id=row.id),
        url("essays.track_cycle", cycle_id=row.id),
        url("essays.export_cycle", cycle_id=row.id),
    ):
        assert director.get(refused).status_code == 403, refused
    reviewer = login_as(c.lead).get(own).get_data(as_text=True)
    assert url("essays.view_essay", essay_id=_essay(row, c.teacher).id) in reviewer
