"""The network map's pages: who may open them, forms (one-time, keeping typed values), htmx
fragments, query counts and page weights."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.core.models import AuditEntry
from intranet.extensions import db
from intranet.network import networks, schools
from intranet.network.models import (
    MAX_PARTNER_SCHOOLS,
    District,
    GroupKind,
    InstructionLanguage,
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
    University,
    WorkingGroup,
)
from tests.measure import gzip_size

HX = {"HX-Request": "true"}
TOKEN = re.compile(
    r'name="form_token" type="hidden" value="([^"]+)"|name="form_token" value="([^"]+)"'
)


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no form token on the page"
    return match.group(1) or match.group(2)


def button_token(html: str, action: str) -> str:
    """The one-time token of the button form that posts to ``action`` (a hidden field, or the
    token a confirm button posts once the dialog is answered)."""
    match = re.search(
        re.escape(action) + r'".*?(?:name="form_token" value|data-form-token)="([^"]+)"', html, re.S
    )
    assert match, f"no button for {action}"
    return match.group(1)


def fresh_token(client, url: str) -> str:
    return token_in(client.get(url).get_data(as_text=True))


@pytest.fixture(autouse=True)
def request_context(app):
    """For ``url_for`` and translated service messages in the tests themselves."""
    with app.test_request_context():
        yield


@pytest.fixture
def coordinator(login_as):
    return login_as(Role.COORDINATOR)


@pytest.fixture
def teacher(login_as):
    return login_as(Role.TEACHER)


@pytest.fixture
def network_with_schools(app, factory):
    """A leading-school network: its leading school and ``partners`` partner schools."""

    def build(partners: int = 3, name: str = "Жетекші мектеп №3") -> Network:
        network = networks.create_network(
            name=name,
            kind=NetworkKind.LEADING_SCHOOL,
            description="Жетекші мектеп және **серіктес** мектептер.",
            region=factory.region(),
        )
        district = factory.district(network.region, "Қызылорда қаласы")
        networks.add_school(network, factory.school(district=district), NetworkSchoolRole.LEADING)
        for _ in range(partners):
            networks.add_school(
                network, factory.school(district=district), NetworkSchoolRole.PARTNER
            )
        db.session.commit()
        return network

    return build


def count(model, *conditions) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*conditions))


# --- Who may do what ------------------------------------------------------------------------


def manage_urls(network, school, region, district, university, group, membership):
    return {
        "get": [
            url_for("network.list_places"),
            url_for("network.create_region"),
            url_for("network.edit_region", region_id=region.id),
            url_for("network.create_district", region_id=region.id),
            url_for("network.edit_district", district_id=district.id),
            url_for("network.list_universities"),
            url_for("network.create_university"),
            url_for("network.edit_university", university_id=university.id),
            url_for("network.list_schools"),
            url_for("network.create_school"),
            url_for("network.edit_school", school_id=school.id),
            url_for("network.create_network"),
            url_for("network.edit_network", network_id=network.id),
            url_for("network.pick_school", network_id=network.id, q="1"),
            url_for("network.create_group", network_id=network.id),
            url_for("network.edit_group", group_id=group.id),
        ],
        "post": [
            url_for("network.archive_school", school_id=school.id),
            url_for("network.unarchive_school", school_id=school.id),
            url_for("network.archive_network", network_id=network.id),
            url_for("network.unarchive_network", network_id=network.id),
            url_for("network.add_network_school", network_id=network.id),
            url_for("network.remove_network_school", network_id=network.id, school_id=school.id),
            url_for("network.add_member", network_id=network.id),
            url_for("network.remove_member", membership_id=membership.id),
            url_for("network.archive_group", group_id=group.id),
            url_for("network.unarchive_group", group_id=group.id),
        ],
    }


@pytest.fixture
def the_map(app, factory, network_with_schools):
    network = network_with_schools(partners=1)
    school = db.session.scalars(
        db.select(School).join(NetworkSchool).where(NetworkSchool.network_id == network.id)
    ).first()
    district = school.district
    lead = factory.user(Role.TEACHER)
    university = University(name="Инновациялық Еуразия университеті")
    group = WorkingGroup(network=network, name="Бастауыш сынып тобы", kind=GroupKind.PRIMARY)
    membership = Membership(user=lead, network=network, role=MembershipRole.MEMBER)
    db.session.add_all([university, group, membership])
    db.session.commit()
    return {
        "network": network,
        "school": school,
        "region": district.region,
        "district": district,
        "university": university,
        "group": group,
        "membership": membership,
    }


def test_teachers_get_403_on_every_manage_page_and_change_nothing(teacher, the_map):
    urls = manage_urls(**the_map)
    for url in urls["get"]:
        assert teacher.get(url).status_code == 403, url
    audit_before = count(AuditEntry)
    for url in urls["post"]:
        assert teacher.post(url, data={"form_token": "x" * 32}).status_code == 403, url
    assert count(AuditEntry) == audit_before
    assert count(NetworkSchool) == 2


def test_coordinators_open_every_manage_page(coordinator, the_map):
    picker = url_for("network.pick_school", network_id=the_map["network"].id, q="1")
    for url in manage_urls(**the_map)["get"]:
        if url == picker:  # htmx's school picker; without JavaScript, the network page
            assert coordinator.get(url, headers={"HX-Request": "true"}).status_code == 200
            assert coordinator.get(url).location == url_for(
                "network.view_network", network_id=the_map["network"].id, q="1"
            )
            continue
        assert coordinator.get(url).status_code == 200, url


def test_members_see_the_networks_and_their_pages(teacher, the_map, factory):
    network = the_map["network"]
    listing = teacher.get(url_for("network.list_networks")).get_data(as_text=True)
    assert network.name in listing
    assert url_for("network.list_schools") not in listing  # the manage links are for staff
    page = teacher.get(url_for("network.view_network", network_id=network.id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Бастауыш сынып тобы" in html and the_map["school"].name in html
    assert url_for("network.add_network_school", network_id=network.id) not in html
    assert (
        teacher.get(url_for("network.view_school", school_id=the_map["school"].id)).status_code
        == 200
    )


def test_archived_networks_are_hidden_from_members(teacher, coordinator, the_map):
    network = the_map["network"]
    url = url_for("network.archive_network", network_id=network.id)
    token = fresh_token(coordinator, url_for("network.view_network", network_id=network.id))
    assert coordinator.post(url, data={"form_token": token}).status_code == 302
    assert teacher.get(url_for("network.view_network", network_id=network.id)).status_code == 404
    assert network.name not in teacher.get(url_for("network.list_networks")).get_data(as_text=True)
    assert network.name in coordinator.get(url_for("network.list_networks")).get_data(as_text=True)


def test_coordinators_see_links_to_the_map(coordinator):
    html = coordinator.get(url_for("network.list_networks")).get_data(as_text=True)
    for endpoint in ("list_schools", "list_places", "list_universities", "create_network"):
        assert url_for(f"network.{endpoint}") in html


def test_a_network_lead_manages_groups_and_people_but_not_schools(login_as, the_map, factory):
    network = the_map["network"]
    lead = factory.user(Role.TEACHER)
    db.session.add(Membership(user=lead, network=network, role=MembershipRole.LEAD))
    db.session.commit()
    client = login_as(lead)
    page = client.get(url_for("network.view_network", network_id=network.id)).get_data(as_text=True)
    assert url_for("network.add_member", network_id=network.id) in page
    assert url_for("network.add_network_school", network_id=network.id) not in page

    newcomer = factory.user(Role.TEACHER, email="zhanar@example.kz")
    response = client.post(
        url_for("network.add_member", network_id=network.id),
        data={
            "form_token": token_in(page),
            "email": newcomer.email,
            "role": "member",
            "group_id": "0",
        },
    )
    assert response.status_code == 302
    assert count(Membership, Membership.user_id == newcomer.id) == 1
    assert client.get(url_for("network.create_group", network_id=network.id)).status_code == 200
    assert client.get(url_for("network.edit_network", network_id=network.id)).status_code == 403


# --- Forms ----------------------------------------------------------------------------------


def network_form(token: str, **fields) -> dict[str, str]:
    return {
        "form_token": token,
        "name": "«ШЫҢ» кәсіби қауымдастығы",
        "kind": "community",
        "description": "",
        "region_id": "0",
        "university_id": "0",
        **fields,
    }


def test_a_double_submission_creates_one_network(coordinator):
    url = url_for("network.create_network")
    data = network_form(fresh_token(coordinator, url))
    first = coordinator.post(url, data=data)
    second = coordinator.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert count(Network) == 1
    assert count(AuditEntry, AuditEntry.action == "network.created") == 1


def test_the_description_is_markdown_and_a_script_never_reaches_the_page(coordinator):
    url = url_for("network.create_network")
    description = (
        "Ай сайын **эссе** жазамыз.\n\n<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">'
    )
    response = coordinator.post(
        url, data=network_form(fresh_token(coordinator, url), description=description)
    )
    assert response.status_code == 302
    html = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>эссе</strong>" in html
    assert "<script>alert" not in html
    assert '<img src="x"' not in html


def test_forms_keep_typed_values_on_error(coordinator, factory):
    factory.district()
    existing = Network(name="Серіктес директорлар лигасы", kind=NetworkKind.LEAGUE)
    db.session.add(existing)
    db.session.commit()
    url = url_for("network.create_network")
    response = coordinator.post(
        url,
        data=network_form(
            fresh_token(coordinator, url),
            name="Серіктес директорлар лигасы",
            kind="league",
            description="Жиырма бағыт, жүз мектеп.",
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A network with this name exists already." in html
    assert 'value="Серіктес директорлар лигасы"' in html
    assert "Жиырма бағыт, жүз мектеп." in html
    assert '<option selected value="league">' in html

    school_url = url_for("network.create_school")
    response = coordinator.post(
        school_url,
        data={"form_token": fresh_token(coordinator, school_url), "number": "140", "name": ""},
    )
    html = response.get_data(as_text=True)
    assert "Enter a name." in html and "Choose a district." in html
    assert 'value="140"' in html
    assert count(School, School.number == "140") == 0


def test_a_university_partnership_form_asks_for_the_university(coordinator):
    url = url_for("network.create_network")
    response = coordinator.post(
        url, data=network_form(fresh_token(coordinator, url), kind="university")
    )
    assert "needs its university" in response.get_data(as_text=True)
    assert count(Network) == 0


def test_schools_created_on_the_page_are_searchable(coordinator, factory):
    district = factory.district(name="Қостанай ауданы")
    url = url_for("network.create_school")
    response = coordinator.post(
        url,
        data={
            "form_token": fresh_token(coordinator, url),
            "number": "",
            "name": "Мичурин мектебі",
            "district_id": str(district.id),
            "is_rural": "y",
            "instruction_language": "mixed",
        },
    )
    assert response.status_code == 302
    school = db.session.scalars(db.select(School).where(School.name == "Мичурин мектебі")).one()
    assert (school.is_rural, school.instruction_language) == (True, InstructionLanguage.MIXED)
    assert schools.search_schools("мичурин") == [school]
    assert count(AuditEntry, AuditEntry.action == "network.school_created") == 1


def test_places_pages_create_and_rename(coordinator):
    url = url_for("network.create_region")
    coordinator.post(
        url, data={"form_token": fresh_token(coordinator, url), "name": "Қызылорда облысы"}
    )
    region = db.session.scalars(db.select(Region).where(Region.name == "Қызылорда облысы")).one()
    url = url_for("network.create_district", region_id=region.id)
    coordinator.post(url, data={"form_token": fresh_token(coordinator, url), "name": "Шиелі"})
    district = db.session.scalars(db.select(District).where(District.name == "Шиелі")).one()
    url = url_for("network.edit_district", district_id=district.id)
    coordinator.post(
        url, data={"form_token": fresh_token(coordinator, url), "name": "Шиелі ауданы"}
    )
    html = coordinator.get(url_for("network.list_places")).get_data(as_text=True)
    assert "Қызылорда облысы" in html and "Шиелі ауданы" in html


# --- Schools of a network, in place with htmx -------------------------------------------------


def add_school(client, network, school, role="partner", headers=None):
    page = client.get(url_for("network.view_network", network_id=network.id)).get_data(as_text=True)
    return client.post(
        url_for("network.add_network_school", network_id=network.id),
        data={"form_token": token_in(page), "school_id": str(school.id), "role": role},
        headers=headers or {},
    )


def test_the_eleventh_partner_is_refused_on_the_page(coordinator, network_with_schools, factory):
    network = network_with_schools(partners=MAX_PARTNER_SCHOOLS - 1)
    tenth = factory.school(name="Мектеп №278")
    response = add_school(coordinator, network, tenth, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="schools"' in html
    assert "Мектеп №278 is added." in html
    assert "10 of 10 partner schools" in html

    eleventh = factory.school(name="Мектеп №176")
    for headers in (HX, {}):
        response = add_school(coordinator, network, eleventh, headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert (
            "A leading school works with at most 10 partner schools; this network has 10 already."
            in html
        )
        assert f'value="{eleventh.id}" checked' in html  # the choice is kept
    assert count(NetworkSchool, NetworkSchool.school_id == eleventh.id) == 0
    assert count(NetworkSchool, NetworkSchool.network_id == network.id) == 11


def test_a_second_leading_school_and_a_duplicate_are_refused(coordinator, network_with_schools):
    network = network_with_schools(partners=1)
    partner = db.session.scalar(
        db.select(NetworkSchool).where(NetworkSchool.role == NetworkSchoolRole.PARTNER)
    ).school
    response = add_school(coordinator, network, partner, headers=HX)
    assert "This school is in the network already." in response.get_data(as_text=True)
    response = add_school(coordinator, network, School(id=0), role="leading", headers=HX)
    assert "Choose a school from the search results." in response.get_data(as_text=True)
    assert count(NetworkSchool) == 2


def test_removing_a_school_in_place(coordinator, network_with_schools):
    network = network_with_schools(partners=2)
    partner = db.session.scalar(
        db.select(NetworkSchool).where(NetworkSchool.role == NetworkSchoolRole.PARTNER)
    ).school
    page = coordinator.get(url_for("network.view_network", network_id=network.id)).get_data(
        as_text=True
    )
    url = url_for("network.remove_network_school", network_id=network.id, school_id=partner.id)
    token = button_token(page, url)
    asked = coordinator.get(url).get_data(as_text=True)  # without JavaScript: a page asks
    assert "<h1>Remove this school from the network?</h1>" in asked and partner.name in asked
    assert count(NetworkSchool, NetworkSchool.network_id == network.id) == 3
    response = coordinator.post(url, data={"form_token": token}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="schools"' in html
    assert f"{partner.name} is removed from the network." in html
    assert count(NetworkSchool, NetworkSchool.network_id == network.id) == 2
    # The same button again (a second tap): nothing more happens, the page is answered.
    assert coordinator.post(url, data={"form_token": token}).status_code == 302
    assert count(AuditEntry, AuditEntry.action == "network.school_removed") == 1


def test_the_school_picker_searches_open_schools(coordinator, network_with_schools, factory):
    network = network_with_schools(partners=0)
    factory.school(name="Мектеп-лицей №20")
    archived = factory.school(name="Мектеп-лицей №21", archived=True)
    url = url_for("network.pick_school", network_id=network.id, q="лицей")
    html = coordinator.get(url, headers=HX).get_data(as_text=True)
    assert "Мектеп-лицей №20" in html and archived.name not in html
    # Without JavaScript the search reloads the network page with the results in the form.
    page = coordinator.get(url_for("network.view_network", network_id=network.id, q="лицей"))
    assert 'name="school_id"' in page.get_data(as_text=True)


# --- The schools list: filters, query count, weight --------------------------------------------


def make_schools(factory, n: int) -> None:
    district = factory.district(name="Павлодар қаласы")
    rural = factory.district(name="Ақсу ауданы")
    for i in range(n):
        factory.school(
            name=f"Мектеп-гимназия №{i + 1}",
            district=rural if i % 3 == 0 else district,
            is_rural=i % 3 == 0,
            instruction_language=InstructionLanguage.RUSSIAN
            if i % 2
            else InstructionLanguage.KAZAKH,
        )


def test_the_schools_list_filters(coordinator, factory):
    make_schools(factory, 12)
    archived = factory.school(name="Жабылған мектеп", archived=True)
    url = url_for("network.list_schools")
    html = coordinator.get(url, query_string={"setting": "rural"}).get_data(as_text=True)
    assert "4 schools" in html
    html = coordinator.get(url, query_string={"q": "№1", "language": "kk"}).get_data(as_text=True)
    assert "Мектеп-гимназия №1<" in html and "Мектеп-гимназия №10<" not in html
    assert archived.name not in coordinator.get(url).get_data(as_text=True)
    html = coordinator.get(url, query_string={"status": "archived"}).get_data(as_text=True)
    assert archived.name in html and "1 school" in html
    fragment = coordinator.get(url, query_string={"q": "гимназия"}, headers=HX).get_data(
        as_text=True
    )
    assert fragment.lstrip().startswith('<div id="school-results">')
    # Nonsense in the query string means "any", not an error.
    assert (
        coordinator.get(url, query_string={"region": "x", "page": "-3", "status": "?"}).status_code
        == 200
    )


def test_schools_list_query_count_does_not_grow(coordinator, factory, query_counter):
    make_schools(factory, 5)
    url = url_for("network.list_schools", status="all")
    with query_counter() as few:
        coordinator.get(url)
    make_schools(factory, 55)
    with query_counter() as many:
        coordinator.get(url)
    assert few.count == many.count <= 12


def test_the_network_page_query_count_does_not_grow(
    coordinator, network_with_schools, factory, query_counter
):
    small = network_with_schools(partners=1, name="Small")
    large = network_with_schools(partners=MAX_PARTNER_SCHOOLS, name="Large")
    for network, people in ((small, 1), (large, 8)):
        group = WorkingGroup(network=network, name="Зерттеу тобы", kind=GroupKind.RESEARCH)
        db.session.add(group)
        for i in range(people):
            db.session.add(
                Membership(user=factory.user(), network=network, group=group if i % 2 else None)
            )
    db.session.commit()
    counts = []
    for network in (small, large):
        with query_counter() as log:
            response = coordinator.get(url_for("network.view_network", network_id=network.id))
        assert response.status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] <= 12, (counts, log.statements)


def test_pages_fit_in_14_kb(coordinator, network_with_schools, factory):
    network = network_with_schools(partners=MAX_PARTNER_SCHOOLS)
    group = WorkingGroup(network=network, name="Пән тобы", kind=GroupKind.SUBJECT)
    db.session.add(group)
    for i in range(12):
        db.session.add(
            Membership(user=factory.user(), network=network, group=group if i % 2 else None)
        )
    for r in range(17):
        region = factory.region(f"Облыс {r}")
        for d in range(12):
            factory.district(region, f"Аудан {r}-{d}")
    make_schools(factory, 60)
    db.session.commit()
    for url in (
        url_for("network.list_networks"),
        url_for("network.view_network", network_id=network.id, q="мектеп"),
        url_for("network.list_schools"),
        url_for("network.list_places"),
        url_for("network.create_school"),
    ):
        response = coordinator.get(url)
        assert response.status_code == 200, url
        assert gzip_size(response.get_data()) <= 14 * 1024, url


# --- Working groups and people ----------------------------------------------------------------


def test_groups_and_people_are_managed_on_the_network_page(coordinator, the_map, factory):
    network = the_map["network"]
    url = url_for("network.create_group", network_id=network.id)
    response = coordinator.post(
        url,
        data={"form_token": fresh_token(coordinator, url), "name": "Математика", "kind": "subject"},
    )
    assert response.status_code == 302
    group = db.session.scalar(db.select(WorkingGroup).where(WorkingGroup.name == "Математика"))
    assert group.kind == GroupKind.SUBJECT

    page_url = url_for("network.view_network", network_id=network.id)
    add_url = url_for("network.add_member", network_id=network.id)
    form = {"email": "nobody@example.kz", "role": "lead", "group_id": str(group.id)}
    response = coordinator.post(
        add_url, data={**form, "form_token": fresh_token(coordinator, page_url)}, headers=HX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="people"' in html and "<html" not in html
    assert "Nobody with an active account has this e-mail." in html
    assert 'value="nobody@example.kz"' in html

    mentor = factory.user(Role.TEACHER, email="mentor@example.kz", full_name="Айгүл Сейітқызы")
    response = coordinator.post(
        add_url,
        data={**form, "email": mentor.email, "form_token": token_in(html)},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert "Айгүл Сейітқызы is added." in html
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == mentor.id))
    assert (membership.group_id, membership.role) == (group.id, MembershipRole.LEAD)

    archive_url = url_for("network.archive_group", group_id=group.id)
    response = coordinator.post(
        archive_url, data={"form_token": button_token(html, archive_url)}, headers=HX
    )
    assert "Математика is archived." in response.get_data(as_text=True)
    assert db.session.get(WorkingGroup, group.id).archived

    remove_url = url_for("network.remove_member", membership_id=membership.id)
    page = coordinator.get(page_url).get_data(as_text=True)
    token = button_token(page, remove_url)
    assert f'<input type="hidden" name="network" value="{network.id}">' in page
    # Without JavaScript the button opens a page that asks (the network rides along).
    asked = coordinator.get(remove_url, query_string={"network": network.id})
    assert "<h1>Remove this person from the network?</h1>" in asked.get_data(as_text=True)
    assert count(Membership, Membership.user_id == mentor.id) == 1
    for _ in range(2):  # a second tap finds the membership gone and changes nothing
        sent = {"form_token": token, "network": network.id}
        assert coordinator.post(remove_url, data=sent).status_code == 302
    assert count(Membership, Membership.user_id == mentor.id) == 0
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    for action in (
        "network.group_created",
        "network.member_added",
        "network.group_archived",
        "network.member_removed",
    ):
        assert action in actions
