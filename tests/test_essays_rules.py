"""The rules of essays as services: cycles and series, who is a member and who reviews, drafts,
submission on time and late, refusal after the cut-off with the draft kept, withdrawal until
the due date with every version kept, feedback and comments with notifications, tallies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.accounts.permissions import can
from intranet.core.i18n import local_today
from intranet.core.rules import RuleError
from intranet.essays import members, services, tracking
from intranet.essays.models import (
    CycleVisibility,
    Essay,
    EssayLanguage,
    EssayStatus,
    EssayVersion,
    ResponseKind,
    Standing,
)
from intranet.extensions import db
from intranet.notifications.models import Notification, NotificationKind
from tests.essays_data import KAZAKH_ESSAY, RUSSIAN_ESSAY, community, cycle, submitted


@pytest.fixture(autouse=True)
def _request(app):
    """Services speak gettext: run them as a request would (English)."""
    with app.test_request_context():
        yield


def test_members_are_the_schools_people_and_own_members_but_not_staff_or_mentors(app, factory):
    c = community(factory)
    net = c.network
    for person in (c.teacher, c.colleague, c.far_teacher, c.lead):
        assert members.is_member(person, net), person.full_name
    for person in (c.mentor, c.outsider, c.coordinator):
        assert not members.is_member(person, net), person.full_name
    assert [members.is_reviewer(p, net) for p in (c.lead, c.mentor, c.coordinator)] == [True] * 3
    assert not members.is_reviewer(c.teacher, net)
    assert not members.is_reviewer(c.outsider, net)


def test_a_cycle_needs_dates_in_order(app, factory):
    c = community(factory)
    day = local_today()
    with pytest.raises(RuleError) as refused:
        services.create_cycle(
            c.network, c.lead, title="Эссе", prompt="", opens_on=day,
            due_on=day - timedelta(days=1), cutoff_on=day,
        )  # fmt: skip
    assert refused.value.field == "due_on"
    with pytest.raises(RuleError) as refused:
        services.create_cycle(
            c.network, c.lead, title="Эссе", prompt="", opens_on=day, due_on=day,
            cutoff_on=day - timedelta(days=1),
        )  # fmt: skip
    assert refused.value.field == "cutoff_on"
    made = services.create_cycle(
        c.network, c.lead, title="Эссе", prompt="*Не өзгерді?*", opens_on=day, due_on=day,
        cutoff_on=day,
    )  # fmt: skip
    assert made.expected_sentences == 10
    assert made.prompt_html == "<p><em>Не өзгерді?</em></p>\n"


def test_a_monthly_series_covers_september_to_may_once(app, factory):
    c = community(factory)
    cycles = services.create_monthly_series(
        c.network, c.lead, first_year=2026, title="Айлық эссе", prompt="Не өзгерді?",
        due_day=31, grace_days=3,
    )  # fmt: skip
    db.session.commit()
    assert [(x.opens_on.year, x.opens_on.month) for x in cycles] == [
        (2026, 9), (2026, 10), (2026, 11), (2026, 12),
        (2027, 1), (2027, 2), (2027, 3), (2027, 4), (2027, 5),
    ]  # fmt: skip
    february = cycles[5]
    assert (february.due_on.day, february.cutoff_on.isoformat()) == (28, "2027-03-03")
    assert cycles[0].title.startswith("Айлық эссе: ")
    assert {x.series for x in cycles} == {"2026-2027"}
    again = services.create_monthly_series(
        c.network, c.lead, first_year=2026, title="Айлық эссе", prompt="Не өзгерді?"
    )
    assert again == []


def test_who_may_create_cycles(app, factory):
    c = community(factory)
    assert can(c.lead, "essays.create_cycle", c.network)
    assert can(c.coordinator, "essays.create_cycle", c.network)
    assert not can(c.mentor, "essays.create_cycle", c.network)
    assert not can(c.teacher, "essays.create_cycle", c.network)
    assert can(c.lead, "essays.create_cycle") and not can(c.teacher, "essays.create_cycle")


def test_a_draft_is_saved_counted_and_its_language_guessed(app, factory):
    c = community(factory)
    row = cycle(c.network)
    essay = services.save_draft(row, c.teacher, KAZAKH_ESSAY)
    db.session.commit()
    assert (essay.status, essay.sentence_count, essay.word_count) == (EssayStatus.DRAFT, 4, 22)
    assert essay.language == EssayLanguage.KAZAKH
    again = services.save_draft(row, c.far_teacher, RUSSIAN_ESSAY)
    assert again.language == EssayLanguage.RUSSIAN
    assert services.save_draft(row, c.teacher, KAZAKH_ESSAY).id == essay.id
    assert db.session.scalar(db.select(db.func.count(Essay.id))) == 2


def test_nobody_outside_the_network_writes_and_nobody_before_the_opening(app, factory):
    c = community(factory)
    row = cycle(c.network)
    with pytest.raises(RuleError):
        services.save_draft(row, c.outsider, KAZAKH_ESSAY)
    assert not can(c.outsider, "essays.write", row)
    later = cycle(c.network, opens=2, due=10, cutoff=12, title="Желтоқсан")
    with pytest.raises(RuleError) as refused:
        services.save_draft(later, c.teacher, KAZAKH_ESSAY)
    assert "opens" in str(refused.value.message)


def test_on_time_then_late(app, factory):
    c = community(factory)
    row = cycle(c.network, opens=-10, due=-1, cutoff=3)
    on_time = submitted(row, c.teacher, day=row.due_on)
    late = submitted(row, c.colleague, day=row.due_on + timedelta(days=1))
    assert (on_time.standing, late.standing) == (Standing.ON_TIME, Standing.LATE)
    assert on_time.version_count == 1


def test_the_statement_of_own_work_is_required(app, factory):
    c = community(factory)
    row = cycle(c.network)
    essay = services.save_draft(row, c.teacher, KAZAKH_ESSAY)
    with pytest.raises(RuleError) as refused:
        services.submit_essay(essay, c.teacher, own_work=False)
    assert refused.value.field == "own_work"
    assert essay.status == EssayStatus.DRAFT


def test_after_the_cutoff_the_submission_is_refused_and_the_draft_kept(app, factory):
    c = community(factory)
    row = cycle(c.network, opens=-20, due=-5, cutoff=-1)
    essay = services.save_draft(row, c.teacher, KAZAKH_ESSAY)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        services.submit_essay(essay, c.teacher, own_work=True)
    assert "draft" in str(refused.value.message)
    db.session.rollback()
    kept = db.session.get(Essay, essay.id)
    assert (kept.status, kept.body) == (EssayStatus.DRAFT, KAZAKH_ESSAY)
    assert kept.version_count == 0


def test_withdraw_until_the_due_date_keeps_every_version(app, factory):
    c = community(factory)
    row = cycle(c.network)
    essay = submitted(row, c.teacher)
    with pytest.raises(RuleError):
        services.save_draft(row, c.teacher, KAZAKH_ESSAY + " Тағы бір сөйлем.")
    services.withdraw_essay(essay, c.teacher)
    services.save_draft(row, c.teacher, KAZAKH_ESSAY + " Тағы бір сөйлем.")
    services.submit_essay(essay, c.teacher, own_work=True)
    db.session.commit()
    versions = services.versions_of(essay)
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].body == KAZAKH_ESSAY and versions[1].withdrawn_at is not None
    assert versions[0].sentence_count == 5 and versions[0].withdrawn_at is None
    with pytest.raises(RuleError):
        services.withdraw_essay(essay, c.teacher, day=row.due_on + timedelta(days=1))


def test_visibility_of_essays_for_each_kind_of_person(app, factory):
    c = community(factory)
    shared = cycle(c.network)
    private = cycle(c.network, visibility=CycleVisibility.REVIEWERS, title="Жабық")
    shared_essay = submitted(shared, c.teacher)
    private_essay = submitted(private, c.teacher)
    draft = services.save_draft(shared, c.colleague, RUSSIAN_ESSAY)
    db.session.commit()
    readers = {
        "author": c.teacher, "colleague": c.colleague, "far": c.far_teacher, "lead": c.lead,
        "mentor": c.mentor, "outsider": c.outsider, "coordinator": c.coordinator,
    }  # fmt: skip
    assert {k for k, u in readers.items() if can(u, "essays.view_essay", shared_essay)} == (
        set(readers) - {"outsider"}
    )
    assert {k for k, u in readers.items() if can(u, "essays.view_essay", private_essay)} == {
        "author", "lead", "mentor", "coordinator",
    }  # fmt: skip
    assert {k for k, u in readers.items() if can(u, "essays.view_essay", draft)} == {"colleague"}
    assert {k for k, u in readers.items() if can(u, "essays.give_feedback", shared_essay)} == {
        "lead", "mentor", "coordinator",
    }  # fmt: skip
    assert {k for k, u in readers.items() if can(u, "essays.comment", shared_essay)} == {
        "author", "colleague", "far", "lead",
    }  # fmt: skip
    assert {k for k, u in readers.items() if can(u, "essays.comment", private_essay)} == {"author"}
    assert {k for k, u in readers.items() if can(u, "essays.track", shared)} == {
        "lead", "mentor", "coordinator",
    }  # fmt: skip


def test_feedback_and_comments_notify_the_author(app, factory):
    c = community(factory)
    essay = submitted(cycle(c.network), c.teacher)
    services.add_response(essay, c.mentor, ResponseKind.FEEDBACK, "Күту уақыты — тамаша қадам.")
    services.add_response(essay, c.colleague, ResponseKind.COMMENT, "Мен де байқап көремін.")
    services.add_response(essay, c.teacher, ResponseKind.COMMENT, "Рақмет!")
    db.session.commit()
    kinds = db.session.execute(
        db.select(Notification.user_id, Notification.kind).order_by(Notification.id)
    ).all()
    assert kinds == [
        (c.teacher.id, NotificationKind.ESSAY_FEEDBACK),
        (c.teacher.id, NotificationKind.ESSAY_COMMENT),
    ]
    assert [r.kind for r in services.responses_of(essay)] == [
        ResponseKind.FEEDBACK, ResponseKind.COMMENT, ResponseKind.COMMENT,
    ]  # fmt: skip


def test_tracking_counts_on_time_late_draft_and_missing(app, factory):
    c = community(factory)
    first = cycle(c.network, opens=-10, due=-1, cutoff=3)
    submitted(first, c.teacher, day=first.due_on)
    submitted(first, c.far_teacher, day=first.due_on + timedelta(days=1))
    services.save_draft(first, c.colleague, KAZAKH_ESSAY)
    db.session.commit()
    page = tracking.track_cycle(first, 1, 25)
    assert (page.total.members, page.total.on_time, page.total.late, page.total.draft) == (
        4, 1, 1, 1,
    )  # fmt: skip
    names = [row.school_name for row in page.rows]
    assert names == ["Заречный орта мектебі", "Мичурин орта мектебі"]


def test_a_members_history_shows_missing_cycles_too(app, factory):
    c = community(factory)
    done = cycle(c.network, title="Қазан")
    cycle(c.network, title="Қараша")
    cycle(c.network, opens=3, due=10, cutoff=12, title="Болашақ")
    submitted(done, c.teacher)
    rows = tracking.member_history(c.teacher)
    assert sorted((r.cycle.title, r.standing) for r in rows) == [
        ("Қазан", Standing.ON_TIME), ("Қараша", Standing.MISSING),
    ]  # fmt: skip
    assert tracking.member_history(c.outsider) == []
    assert db.session.scalar(db.select(db.func.count(EssayVersion.id))) == 1
