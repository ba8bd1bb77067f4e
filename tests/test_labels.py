"""Every coded value a person reads has a Kazakh and a Russian name (issue #17).

The enums are found through ``core.labels.labelled_enums()``, so a new enum (or a new audit
action of any feature) is checked without being listed here. Then whole pages rendered in
Kazakh are read for any English label left in them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import url_for
from flask_babel import force_locale, gettext

from intranet.accounts.models import Role
from intranet.core import audit
from intranet.core.audit import AuditAction
from intranet.core.i18n import LANGUAGE_NAMES
from intranet.core.labels import LabelledEnum, LabelledIntEnum, labelled_enums
from intranet.events.models import Weekday
from intranet.extensions import db
from intranet.network.models import (
    GroupKind,
    InstructionLanguage,
    Membership,
    MembershipRole,
    WorkingGroup,
)
from intranet.resources.models import ResourceKind, Subject
from tests.events_data import bulk_events, community

#: Labels written the same way in English and in Kazakh or Russian (a name kept in English).
SPELT_THE_SAME = {"Lesson Study"}
#: The language switcher names each language in itself ("English" on every page).
IN_THEMSELVES = set(LANGUAGE_NAMES.values())
#: An audit action's stored code, as it must never be shown.
ACTION_CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _english_labels() -> set[str]:
    with force_locale("en"):
        return {str(member.label) for enum in labelled_enums() for member in enum}


def test_the_registry_finds_the_enums_of_every_feature(app):
    names = {enum.__name__ for enum in labelled_enums()}
    expected = {
        "Role", "InstructionLanguage", "NetworkKind", "MembershipRole", "GroupKind",
        "EventKind", "ResourceKind", "ResourceStatus", "EssayStatus", "StudyStatus",
        "Weekday", "AccountAction", "EssayAction", "ForumAction", "EventAction",
    }  # fmt: skip
    assert expected <= names, expected - names
    assert LabelledEnum not in set(labelled_enums()) and AuditAction not in set(labelled_enums())


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_every_label_of_every_enum_is_translated(app, locale):
    untranslated = []
    for enum in labelled_enums():
        for member in enum:
            with force_locale("en"):
                english = str(member.label)
            with force_locale(locale):
                translated = str(member.label)
            if not translated.strip() or (translated == english and english not in SPELT_THE_SAME):
                untranslated.append(f"{enum.__name__}.{member.name}: {translated!r}")
    assert not untranslated, f"{locale}: {len(untranslated)} labels in English: {untranslated}"


def test_members_keep_their_stored_values_and_labels_of_their_own(app):
    """Two enums may share a value ("other"): each keeps its own label (a shared dict once
    named the resource kind with the subject's)."""
    assert ResourceKind.OTHER == Subject.OTHER == "other"
    with force_locale("kk"):
        assert str(ResourceKind.OTHER.label) != str(Subject.OTHER.label)
    assert Weekday(0) == 0 and Weekday.MONDAY.value == 0 and isinstance(Weekday(0), LabelledIntEnum)
    assert Role("teacher") is Role.TEACHER and str(Role.TEACHER) == "teacher"


class _Texts(HTMLParser):
    """The text a person reads on a page: text nodes and option labels, not scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if data.strip() and not self._skip:
            self.texts.append(" ".join(data.split()))


def _english_on(html: str, english: set[str]) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return [
        text
        for text in parser.texts
        if (text in english - SPELT_THE_SAME - IN_THEMSELVES) or ACTION_CODE.match(text)
    ]


@pytest.mark.locale("kk")
def test_kazakh_pages_show_no_english_label(app, factory, login_as):
    """The pages the review found English on: the audit log and the events list with two
    pages, a network with its people and groups, a school, and the schools list."""
    world = community(factory)
    bulk_events(world.network, 25)
    for role in MembershipRole:
        db.session.add(
            Membership(user_id=factory.user().id, network_id=world.network.id, role=role)
        )
    for kind in GroupKind:
        db.session.add(WorkingGroup(network_id=world.network.id, name=f"{kind.value}", kind=kind))
    for language in InstructionLanguage:
        factory.school(instruction_language=language)
    for actions in AuditAction.__subclasses__():
        for action in actions:
            audit.record(action, world.lead, actor=world.lead)
    db.session.commit()
    coordinator = login_as(Role.COORDINATOR, locale="kk")
    english = _english_labels()
    with app.test_request_context():
        pages = {
            "audit": url_for("accounts.audit_log"),
            "audit, page 2": url_for("accounts.audit_log", page=2),
            "events": url_for("events.list_events"),
            "events, page 2": url_for("events.list_events", page=2),
            "network": url_for("network.view_network", network_id=world.network.id),
            "school": url_for("network.view_school", school_id=world.schools[0].id),
            "schools": url_for("network.list_schools"),
            "new network": url_for("network.create_network"),
        }
    with force_locale("kk"):
        pager = gettext("Page %(page)d of %(pages)d", page=1, pages=2)
    for name, url in pages.items():
        response = coordinator.get(url)
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert not _english_on(html, english), f"{name}: {_english_on(html, english)}"
        assert "Page 1 of" not in html and "Page 2 of" not in html, name
        if name in ("audit", "events"):
            assert pager in html, name


@pytest.mark.locale("kk")
def test_the_audit_filter_names_every_action_in_kazakh(app, factory, login_as):
    someone = factory.user()
    audit.record(next(iter(AuditAction.__subclasses__()[0])), someone, actor=someone)
    db.session.commit()
    html = login_as(Role.COORDINATOR, locale="kk").get("/audit/").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', html)
    assert options
    for code, text in options:
        assert text != code and not ACTION_CODE.match(text), (code, text)


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_short_words_with_two_meanings_have_a_context_each(make_app, locale):
    """Lock (a thread) and Close (a dialog) were both «Жабу»; Unlock and Open both «Ашу»."""
    from flask import render_template_string

    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    source = (
        "{{ pgettext('forum thread', 'Lock') }}|{{ pgettext('dialog', 'Close') }}|"
        "{{ pgettext('forum thread', 'Unlock') }}|{{ pgettext('school status', 'Open') }}"
    )
    with app.test_request_context("/"):
        lock, close, unlock, _open = render_template_string(source).split("|")
        kind, subject = str(ResourceKind.OTHER.label), str(Subject.OTHER.label)
    assert lock != close and unlock not in (_open, close), (lock, close, unlock)
    assert "Lock" not in lock and "Close" not in close
    assert kind != subject
