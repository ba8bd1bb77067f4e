"""The rules of the network map (``places``, ``schools``, ``networks``, ``working_groups`` in
``intranet/network/``): the 1:10 rule, one leading school, no duplicates, roles by kind, search
keys, archived schools, people in networks."""

from __future__ import annotations

import pytest

from intranet.accounts.models import AccountStatus, Role
from intranet.accounts.permissions import can
from intranet.core.models import AuditEntry
from intranet.extensions import db
from intranet.network import membership, networks, places, schools, working_groups
from intranet.network.models import (
    MAX_PARTNER_SCHOOLS,
    GroupKind,
    InstructionLanguage,
    Membership,
    MembershipRole,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
)
from intranet.network.naming import NetworkRuleError


@pytest.fixture
def ctx(app):
    """Services translate their messages: run them inside a request."""
    with app.test_request_context():
        yield


def make_network(kind=NetworkKind.LEADING_SCHOOL, name="Қызылорда жетекші мектебі", **fields):
    network = networks.create_network(
        name=name, kind=kind, description=fields.pop("description", ""), region=None, **fields
    )
    db.session.commit()
    return network


def school_count(network) -> int:
    return db.session.scalar(
        db.select(db.func.count(NetworkSchool.id)).where(NetworkSchool.network_id == network.id)
    )


def test_a_leading_school_takes_ten_partners_and_refuses_the_eleventh(ctx, factory):
    network = make_network()
    networks.add_school(network, factory.school(), NetworkSchoolRole.LEADING)
    for _ in range(MAX_PARTNER_SCHOOLS):
        networks.add_school(network, factory.school(), NetworkSchoolRole.PARTNER)
    db.session.commit()
    assert school_count(network) == 11

    eleventh = factory.school()
    with pytest.raises(NetworkRuleError) as refused:
        networks.add_school(network, eleventh, NetworkSchoolRole.PARTNER)
    db.session.rollback()
    assert refused.value.message == (
        "A leading school works with at most 10 partner schools; this network has 10 already."
    )
    assert school_count(network) == 11


def test_a_network_has_one_leading_school(ctx, factory):
    network = make_network()
    networks.add_school(network, factory.school(), NetworkSchoolRole.LEADING)
    db.session.commit()
    with pytest.raises(NetworkRuleError, match="only one"):
        networks.add_school(network, factory.school(), NetworkSchoolRole.LEADING)
    db.session.rollback()
    assert school_count(network) == 1


def test_a_school_is_in_a_network_once(ctx, factory):
    network = make_network()
    school = factory.school()
    networks.add_school(network, school, NetworkSchoolRole.PARTNER)
    db.session.commit()
    for role in (NetworkSchoolRole.PARTNER, NetworkSchoolRole.LEADING):
        with pytest.raises(NetworkRuleError, match="already"):
            networks.add_school(network, school, role)
        db.session.rollback()
    assert school_count(network) == 1


@pytest.mark.parametrize("kind", [NetworkKind.COMMUNITY, NetworkKind.LEAGUE])
def test_leagues_and_communities_have_member_schools(ctx, factory, kind):
    network = make_network(kind)
    for role in (NetworkSchoolRole.LEADING, NetworkSchoolRole.PARTNER):
        with pytest.raises(NetworkRuleError):
            networks.add_school(network, factory.school(), role)
        db.session.rollback()
    for _ in range(MAX_PARTNER_SCHOOLS + 2):  # no 1:10 limit for members
        networks.add_school(network, factory.school(), NetworkSchoolRole.MEMBER)
    db.session.commit()
    assert school_count(network) == MAX_PARTNER_SCHOOLS + 2


def test_a_university_partnership_names_its_university(ctx, factory):
    with pytest.raises(NetworkRuleError) as refused:
        make_network(NetworkKind.UNIVERSITY_PARTNERSHIP)
    db.session.rollback()
    assert refused.value.field == "university_id"

    university = places.create_university(name="Инновациялық Еуразия университеті", region=None)
    network = make_network(NetworkKind.UNIVERSITY_PARTNERSHIP, university=university)
    networks.add_school(network, factory.school(), NetworkSchoolRole.MEMBER)
    db.session.commit()
    assert network.university.name == "Инновациялық Еуразия университеті"
    # Other kinds keep no university, even when one is passed.
    league = make_network(NetworkKind.LEAGUE, name="Серіктес директорлар", university=university)
    assert league.university is None


def test_archived_schools_and_networks_take_no_one(ctx, factory):
    network = make_network()
    school = factory.school()
    schools.set_school_archived(school, True)
    with pytest.raises(NetworkRuleError, match="archived"):
        networks.add_school(network, school, NetworkSchoolRole.PARTNER)
    db.session.rollback()
    networks.set_network_archived(network, True)
    with pytest.raises(NetworkRuleError, match="archived"):
        networks.add_school(network, factory.school(), NetworkSchoolRole.PARTNER)


def test_the_kind_of_a_network_with_schools_stays(ctx, factory):
    network = make_network()
    networks.add_school(network, factory.school(), NetworkSchoolRole.LEADING)
    with pytest.raises(NetworkRuleError) as refused:
        networks.update_network(
            network, name=network.name, kind=NetworkKind.LEAGUE, description="", region=None
        )
    assert refused.value.field == "kind"


def test_archiving_hides_a_school_from_search(ctx, factory):
    district = factory.district(name="Сырдария ауданы")
    school = schools.create_school(
        number="261",
        name="№261 мектеп-гимназия",
        district=district,
        is_rural=True,
        instruction_language=InstructionLanguage.KAZAKH,
    )
    db.session.commit()
    assert schools.search_schools("261") == [school]
    assert schools.search_schools("сырдария") == [school]

    schools.set_school_archived(school, True)
    db.session.commit()
    assert schools.search_schools("261") == []

    schools.set_school_archived(school, False)
    db.session.commit()
    assert schools.search_schools("261") == [school]


def test_search_keys_follow_renames_of_schools_and_districts(ctx, factory):
    district = factory.district(name="Қостанай ауданы")
    school = schools.create_school(
        number="",
        name="Заречный мектебі",
        district=district,
        is_rural=True,
        instruction_language=InstructionLanguage.MIXED,
    )
    assert (
        school.search_key == schools.school_search_key(school) == "заречный мектебі қостанай ауданы"
    )
    schools.update_school(
        school,
        number="7",
        name="Затобол мектебі",
        district=district,
        is_rural=True,
        instruction_language=InstructionLanguage.MIXED,
    )
    assert school.search_key == "7 затобол мектебі қостанай ауданы"
    places.rename_district(district, "Меңдіқара ауданы")
    db.session.commit()
    assert school.search_key == "7 затобол мектебі меңдіқара ауданы"
    assert schools.search_schools("меңдіқара") == [school]


def test_places_refuse_duplicate_names(ctx, factory):
    region = places.create_region("Павлодар облысы")
    places.add_district(region, "Павлодар қаласы")
    with pytest.raises(NetworkRuleError):
        places.create_region("  павлодар   облысы ")
    with pytest.raises(NetworkRuleError):
        places.add_district(region, "ПАВЛОДАР ҚАЛАСЫ")
    other = places.create_region("Қостанай облысы")
    places.add_district(other, "Павлодар қаласы")  # the same name in another region is fine


def test_markdown_description_is_sanitised_at_save_time(ctx):
    network = make_network(description="**ШЫҢ** <script>alert(1)</script> [x](javascript:alert(2))")
    assert "<strong>ШЫҢ</strong>" in network.description_html
    assert "<script" not in network.description_html
    assert "href" not in network.description_html  # the javascript: link stays plain text


def test_people_join_a_network_or_a_group_once(ctx, factory):
    network = make_network(NetworkKind.COMMUNITY, name="«ШЫҢ» кәсіби қауымдастығы")
    group = working_groups.create_group(network, name="Сыни тұрғыдан ойлау", kind=GroupKind.PROBLEM)
    trainer = factory.user(Role.TEACHER, email="trainer@example.kz")

    working_groups.add_member(network, " Trainer@Example.kz ", MembershipRole.LEAD)
    working_groups.add_member(network, trainer.email, MembershipRole.MEMBER, group)
    db.session.commit()
    assert membership.leads_network(trainer, network)
    assert network in membership.networks_of(trainer)

    with pytest.raises(NetworkRuleError, match="already"):
        working_groups.add_member(network, trainer.email, MembershipRole.MEMBER)
    with pytest.raises(NetworkRuleError, match="e-mail"):
        working_groups.add_member(network, "nobody@example.kz", MembershipRole.MEMBER)
    pending = factory.user(status=AccountStatus.PENDING)
    with pytest.raises(NetworkRuleError, match="e-mail"):
        working_groups.add_member(network, pending.email, MembershipRole.MEMBER)
    other = make_network(NetworkKind.LEAGUE, name="Серіктес директорлар")
    with pytest.raises(NetworkRuleError):
        working_groups.add_member(other, trainer.email, MembershipRole.MEMBER, group)

    lead, in_group = working_groups.memberships_of(network)
    assert (lead.role, lead.group) == (MembershipRole.LEAD, None)
    working_groups.remove_member(lead)
    db.session.commit()
    assert not membership.leads_network(trainer, network)
    assert working_groups.memberships_of(network) == [in_group]


def test_every_change_lands_in_the_audit_log(ctx, factory):
    network = make_network()
    school = factory.school()
    networks.add_school(network, school, NetworkSchoolRole.PARTNER)
    networks.remove_school(network, school)
    db.session.commit()
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["network.created", "network.school_added", "network.school_removed"]


def test_a_lead_of_an_archived_network_leads_it_no_more(app, factory):
    """One rule for every feature: archived networks have no leads, only the staff act on them."""
    network = make_network(NetworkKind.COMMUNITY)
    lead = factory.user(Role.TEACHER)
    working_groups.add_member(network, lead.email, MembershipRole.LEAD)
    db.session.commit()
    with app.test_request_context("/"):
        assert membership.led_network_ids(lead) == {network.id}
        assert can(lead, "network.manage_members", network)
        networks.set_network_archived(network, True)  # forgets what this request looked up
        assert membership.led_network_ids(lead) == frozenset()
        assert not can(lead, "network.manage_members", network)
        assert not can(lead, "events.manage", network)


def test_membership_lookups_are_kept_for_the_request_and_forgotten_on_change(app, factory):
    network = make_network(NetworkKind.COMMUNITY)
    teacher = factory.user(Role.TEACHER)
    with app.test_request_context("/"):
        assert membership.member_network_ids(teacher) == frozenset()
        db.session.add(Membership(network_id=network.id, user_id=teacher.id))
        db.session.flush()
        assert membership.member_network_ids(teacher) == frozenset()  # kept: no second query
        working_groups.add_member(network, factory.user(Role.TEACHER).email, MembershipRole.MEMBER)
        assert membership.member_network_ids(teacher) == {network.id}  # a change forgot it
    assert membership.member_network_ids(teacher) == {network.id}  # outside a request: asked
