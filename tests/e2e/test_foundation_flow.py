"""The foundation in a real browser at 360 px (issue #2, "Done when"): a teacher signs up, is
refused while pending, the director approves them in place, the teacher signs in and the whole
interface changes language kk → ru → en. Plus the pages' fit on a phone, the school picker with
and without JavaScript, and a desktop smoke test.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from intranet.accounts.models import AccountStatus, Role, User
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    assert_no_horizontal_scroll,
    fits_a_phone,
    screenshot,
    sign_in,
    visible_strings,
)

#: The sign-in and sign-out labels of the glossary (DESIGN §6), in each language.
SIGN_IN = {"kk": "Кіру", "ru": "Войти", "en": "Sign in"}
SIGN_OUT = {"kk": "Шығу", "ru": "Выйти", "en": "Sign out"}
LANGUAGES = ("kk", "ru", "en")
#: Words the glossary spells the same in Kazakh and Russian (DESIGN §6): not untranslated.
SAME_IN_KAZAKH_AND_RUSSIAN = {
    "Форум", "Эссе", "Модератор", "Семинар", "Вебинар", "Рефлексия", "Циклограмма", "Lesson Study",
}  # fmt: skip

TEACHER_NAME = "Айгүл Серікқызы Омарова"
TEACHER_EMAIL = "aigul.omarova@mektep3.kz"
TEACHER_PASSWORD = "Алма ағашы гүлдеді 2026"
SUBJECT = "Қазақ тілі мен әдебиеті"


def _place(seed):
    """Two schools of the Kyzylorda league, with a director at №3 (seed 001)."""
    region = seed.region("Қызылорда облысы")
    district = seed.district(region, "Қызылорда қаласы")
    school = seed.school("№3 мектеп-лицей", district, number="3")
    other = seed.school("№101 мектеп-гимназия", district, number="101")
    director = seed.user(Role.SCHOOL_LEADER, school=school, full_name="Ержан Бекұлы Сейітов")
    return school, other, director


# --- Steps a person takes ---------------------------------------------------------------------


def _open_menu(page: Page) -> None:
    """Open the header menu on a phone (on a wide screen it is always shown)."""
    menu = page.locator("header details.menu")
    if menu.locator("summary").is_visible() and not menu.evaluate("el => el.open"):
        menu.locator("summary").click()
    expect(menu.locator("nav")).to_be_visible()


def _sign_out(page: Page) -> None:
    _open_menu(page)
    with page.expect_navigation():
        page.locator("header form[action$='/logout'] button").click()
    expect(page.locator("header details.menu")).to_have_count(0)


def _switch_language(page: Page, code: str) -> None:
    with page.expect_navigation():
        page.locator(f"footer button[formaction$='/lang/{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def _type_school_query(page: Page, text: str) -> None:
    """Type like a person, so that htmx hears every key (``fill`` would be one event)."""
    box = page.locator("main input[name=school_query]")
    box.fill("")
    box.press_sequentially(text, delay=30)


def _school_option(page: Page, school) -> object:
    return page.locator(f"main input[type=radio][name=school_id][value='{school.id}']")


def _fill_signup(page: Page, school, *, locale: str = "kk") -> None:
    """Everything but the school: name, e-mail, passwords, subject, language, the rules."""
    _school_option(page, school).check()
    page.fill("main input[name=full_name]", TEACHER_NAME)
    page.fill("main input[name=email]", TEACHER_EMAIL)
    page.fill("main input[name=password]", TEACHER_PASSWORD)
    page.fill("main input[name=confirm_password]", TEACHER_PASSWORD)
    page.fill("main input[name=subject]", SUBJECT)
    page.select_option("main select[name=locale]", locale)
    page.locator("main input[name=accept_rules]").check()


def _send_signup(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit].primary").click()
    expect(page).to_have_url(re.compile(r"/signup/sent$"))


def _mark_page(page: Page) -> None:
    """Leave a mark in the window that a full page load would wipe out."""
    page.evaluate("() => { window.zheliTestMark = 'still here'; }")


def _assert_same_page(page: Page) -> None:
    assert page.evaluate("() => window.zheliTestMark") == "still here", "the page was reloaded"


def _language_problems(shown: dict[str, list[str]], labels: dict[str, str], data: set[str]):
    """What is wrong with the same page shown in kk, ru and en, as a list of sentences.

    In each language the glossary label (``labels``) must be on the page, and no interface
    string may be shown unchanged in two languages: that string has not been translated. The
    people's and schools' names (``data``) stay as they are, and so do the words that Kazakh
    and Russian share.
    """
    problems = []
    for code in LANGUAGES:
        if labels[code] not in shown[code]:
            problems.append(f"{code}: {labels[code]!r} is not shown")
    for first, second in (("kk", "ru"), ("ru", "en"), ("kk", "en")):
        unchanged = (set(shown[first]) & set(shown[second])) - data
        if {first, second} == {"kk", "ru"}:
            unchanged -= SAME_IN_KAZAKH_AND_RUSSIAN
        if unchanged:
            problems.append(f"the same in {first} and {second}: {sorted(unchanged)}")
    return problems


# --- The story of issue #2 --------------------------------------------------------------------


def test_a_teacher_signs_up_is_approved_and_uses_three_languages(phone, seed):
    school, _, director = _place(seed)

    # 1. A teacher finds their school as they type and asks to join it.
    phone.goto("/signup")
    screenshot(phone, "flow-01-signup-empty")
    _type_school_query(phone, "лицей")
    expect(_school_option(phone, school)).to_be_visible()
    _fill_signup(phone, school, locale="kk")
    screenshot(phone, "flow-02-signup-filled")
    _send_signup(phone)
    screenshot(phone, "flow-03-signup-sent")
    teacher = seed.find(User, email=TEACHER_EMAIL)
    assert teacher.status == AccountStatus.PENDING
    assert (teacher.full_name, teacher.school_id, teacher.subject, teacher.locale) == (
        TEACHER_NAME,
        school.id,
        SUBJECT,
        "kk",
    )

    # 2. While the request waits, the right password does not open the intranet.
    sign_in(phone, TEACHER_EMAIL, TEACHER_PASSWORD)
    expect(phone).to_have_url(re.compile(r"/login$"))
    expect(phone.locator("main .field.invalid .error")).to_be_visible()
    expect(phone.locator("header details.menu")).to_have_count(0)
    screenshot(phone, "flow-04-signin-refused-pending")

    # 3. The director approves the request in place (htmx swaps the row, no page load).
    sign_in(phone, director.email)
    phone.goto("/people/requests")
    row = phone.locator(f"main li#request-{teacher.id}")
    expect(row).to_contain_text(TEACHER_NAME)
    screenshot(phone, "flow-05-queue")
    fits_a_phone(phone)
    _mark_page(phone)
    row.locator("button.primary").click()
    expect(row).to_have_class(re.compile(r"\bdecided\b"))
    expect(row.locator("button")).to_have_count(0)
    _assert_same_page(phone)
    expect(phone).to_have_url(re.compile(r"/people/requests$"))
    screenshot(phone, "flow-06-queue-approved")
    assert seed.reload(User, teacher.id).status == AccountStatus.ACTIVE
    _sign_out(phone)

    # 4. The teacher signs in and lands at home, in Kazakh, the language they chose.
    sign_in(phone, TEACHER_EMAIL, TEACHER_PASSWORD)
    expect(phone).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    expect(phone.locator("main h1")).to_contain_text(TEACHER_NAME)
    expect(phone.locator("html")).to_have_attribute("lang", "kk")

    # 5. kk → ru → en: every string the teacher sees changes (the menu open, so it counts).
    shown = {}
    for code in LANGUAGES:
        if code != "kk":
            _switch_language(phone, code)
        _open_menu(phone)
        shown[code] = visible_strings(phone)
        screenshot(phone, f"flow-07-home-{code}")
    assert seed.reload(User, teacher.id).locale == "en"
    problems = _language_problems(shown, SIGN_OUT, data={TEACHER_NAME, school.name})
    assert not problems, "the home page is not translated:\n" + "\n".join(problems)


def test_sign_in_page_speaks_three_languages(phone):
    """A visitor switches kk → ru → en on the sign-in page; every string changes each time."""
    phone.goto("/login")
    expect(phone.locator("html")).to_have_attribute("lang", "kk")
    shown = {}
    for code in LANGUAGES:
        if code != "kk":
            _switch_language(phone, code)
        expect(phone).to_have_url(re.compile(r"/login$"))
        shown[code] = visible_strings(phone)
        screenshot(phone, f"phone-login-{code}")
    expect(phone.locator("main form button[type=submit]")).to_have_text(SIGN_IN["en"])
    problems = _language_problems(shown, SIGN_IN, data=set())
    assert not problems, "the sign-in page is not translated:\n" + "\n".join(problems)


# --- The school picker ------------------------------------------------------------------------


def test_school_picker_filters_as_you_type(phone, seed):
    school, other, _ = _place(seed)
    phone.goto("/signup")
    _mark_page(phone)

    _type_school_query(phone, "101")
    expect(_school_option(phone, other)).to_be_visible()
    expect(_school_option(phone, school)).to_have_count(0)
    screenshot(phone, "picker-101")

    _type_school_query(phone, "лицей")
    expect(_school_option(phone, school)).to_be_visible()
    expect(_school_option(phone, other)).to_have_count(0)

    _type_school_query(phone, "мектеп")
    expect(_school_option(phone, school)).to_be_visible()
    expect(_school_option(phone, other)).to_be_visible()

    _type_school_query(phone, "жоқ мектеп 999")
    expect(phone.locator("main input[type=radio][name=school_id]")).to_have_count(0)
    _assert_same_page(phone)
    expect(phone).to_have_url(re.compile(r"/signup$"))


def test_school_picker_works_without_javascript(open_page, seed):
    school, other, _ = _place(seed)
    page = open_page(PHONE, java_script_enabled=False)
    page.goto("/signup")
    page.fill("main input[name=full_name]", TEACHER_NAME)
    page.fill("main input[name=school_query]", "101")
    with page.expect_navigation():
        page.locator("main button[name=find_school]").click()
    screenshot(page, "picker-no-js-found")
    expect(_school_option(page, other)).to_be_visible()
    expect(_school_option(page, school)).to_have_count(0)
    # What was typed before looking for the school is still there.
    expect(page.locator("main input[name=full_name]")).to_have_value(TEACHER_NAME)
    expect(page.locator("main input[name=school_query]")).to_have_value("101")

    _fill_signup(page, other, locale="ru")
    _send_signup(page)
    teacher = seed.find(User, email=TEACHER_EMAIL)
    assert (teacher.status, teacher.school_id, teacher.locale) == (
        AccountStatus.PENDING,
        other.id,
        "ru",
    )


# --- Fit on a phone, and a desktop ------------------------------------------------------------


def test_sign_in_page_fits_a_phone(phone):
    phone.goto("/login")
    expect(phone.locator("main input[name=email]")).to_be_visible()
    screenshot(phone, "phone-login")
    fits_a_phone(phone)


def test_sign_up_page_fits_a_phone(phone, seed):
    _place(seed)
    phone.goto("/signup")
    fits_a_phone(phone)
    _type_school_query(phone, "мектеп")
    expect(phone.locator("main input[type=radio][name=school_id]")).to_have_count(2)
    screenshot(phone, "phone-signup-with-schools")
    fits_a_phone(phone)


def test_home_page_fits_a_phone_with_the_menu_open(phone, seed):
    _, _, director = _place(seed)
    sign_in(phone, director.email)
    expect(phone.locator("main h1")).to_contain_text(director.full_name)
    screenshot(phone, "phone-home")
    fits_a_phone(phone)
    _open_menu(phone)
    screenshot(phone, "phone-home-menu-open")
    fits_a_phone(phone)


def test_home_page_on_a_desktop(desktop, seed):
    school, _, director = _place(seed)
    seed.user(Role.TEACHER, school=school, status=AccountStatus.PENDING)
    sign_in(desktop, director.email)
    expect(desktop).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    expect(desktop.locator("main h1")).to_contain_text(director.full_name)
    # On a wide screen the menu is a row of links, without the phone's "Menu" button.
    expect(desktop.locator("header details.menu summary")).to_be_hidden()
    expect(desktop.locator("header nav a[href$='/people/requests']")).to_be_visible()
    expect(desktop.locator("main a[href$='/people/requests']").first).to_be_visible()
    assert_no_horizontal_scroll(desktop)
    screenshot(desktop, "desktop-home")


def test_seed_sees_what_the_browser_changed(phone, seed):
    """The harness itself: the test's thread reads what the live server wrote."""
    _, _, director = _place(seed)
    sign_in(phone, director.email)
    _switch_language(phone, "ru")
    assert seed.reload(User, director.id).locale == "ru"


def test_a_first_visit_asks_for_nothing_that_is_missing_and_stays_signed_in(phone, seed):
    """The browser fetches the page's icon beside the sign-in page; that request must neither 404
    nor carry the old session back over the one signing in creates."""
    _, _, director = _place(seed)
    failed: list[str] = []
    phone.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    phone.goto("/login")
    phone.wait_for_load_state("networkidle")
    sign_in(phone, director.email)
    phone.wait_for_load_state("networkidle")
    phone.goto("/resources/new")
    expect(phone.locator("main input[name=title]")).to_be_visible()
    assert failed == []
