"""Kazakh in the 2021 Latin alphabet: the transliteration, Babel's kk_Latn locale, and pages read
in it (/lang/kk-Latn, <html lang="kk-Latn">, no Cyrillic in the interface, dates in Latin)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from babel import Locale, dates, localedata
from flask import url_for
from flask_babel import format_date as flask_babel_format_date
from flask_babel import format_timedelta, get_locale

from intranet.accounts.models import Role, User
from intranet.core.forms import _wtforms_catalog
from intranet.core.i18n import LANG_COOKIE
from intranet.core.latin import ALPHABET, SMALL_LETTERS, transliterate, transliterate_message
from intranet.core.latin_locale import LATIN_KAZAKH, latin_locale_data, latin_pattern
from intranet.core.localformat import format_date, format_datetime
from intranet.extensions import db

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: The other languages' names in the switcher and the profile, each in its own script.
OTHER_LANGUAGE_NAMES = {"Қазақша", "Русский"}


# --- The transliteration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("әке", "äke"),  # ә
        ("ғылым", "ğylym"),  # ғ, ы
        ("қазақ", "qazaq"),  # қ
        ("мың", "myñ"),  # ң
        ("өнер", "öner"),  # ө
        ("ұстаз", "ūstaz"),  # ұ
        ("үй", "üi"),  # ү, й
        ("бір", "bır"),  # і dotless
        ("ит", "it"),  # и dotted
        ("ауыл", "auyl"),  # у as a glide
        ("тау", "tau"),
        ("оқу", "oqu"),
        ("шаһар", "şahar"),  # ш, һ
        ("жол", "jol"),  # ж
        ("хат", "hat"),  # х
        ("вебинар", "vebinar"),  # в
        ("файл", "fail"),  # ф
        ("Циклограмма", "Siklogramma"),  # ц
        ("коучинг", "kouşing"),  # ч
        ("ащы", "aşşy"),  # щ
        ("ёлка", "iolka"),  # ё
        ("жою", "joiu"),  # ю
        ("сессия", "sessiia"),  # я
        ("Эссе", "Esse"),  # э
        ("объект", "obekt"),  # ъ
        ("фильм", "film"),  # ь
    ],
)
def test_each_letter_has_its_2021_latin_form(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_a_sentence_reads_as_the_2021_alphabet_writes_it():
    # The sentence that illustrates the 2021 alphabet on Wikipedia's "Kazakh alphabets".
    assert transliterate("Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының") == (
        "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ"
    )


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан", "Qazaqstan"),  # a capital first letter
        ("ҚАЗАҚСТАН", "QAZAQSTAN"),  # a word in capitals
        ("Ілім", "Ilım"),  # І is I, і is ı
        ("Ит", "İt"),  # И is İ, и is i
        ("ИІ", "İI"),
        ("Юрий", "İurii"),  # two Latin letters: only the first a capital
        ("ЖОЮ", "JOİU"),  # ... or both, in a word in capitals
        ("ЯҚ", "İAQ"),
        ("ЩИ", "ŞŞİ"),
        ("Я", "İa"),
        ("Ёлка мен ЁЛКА", "İolka men İOLKA"),
    ],
)
def test_case_is_kept(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_the_table_writes_only_letters_of_the_2021_alphabet():
    for cyrillic in SMALL_LETTERS:
        for letter in (cyrillic, cyrillic.upper()):
            assert set(transliterate(letter)) <= ALPHABET, letter


def test_only_kazakh_letters_change():
    text = "Lesson Study 2026: 10 000 – 25% «HTML» №5 ❤"
    assert transliterate(text) == text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("%(name)s эссеңізге пікір қалдырды", "%(name)s esseñızge pıkır qaldyrdy"),
        ("%(num)d файл, %d бет, 50%% дейін", "%(num)d fail, %d bet, 50%% deiın"),
        ("{name} мен {0}", "{name} men {0}"),
        (
            '<a href="/жол" title="сілтеме">Сілтеме</a>&nbsp;&amp;&#8212;',
            '<a href="/жол" title="сілтеме">Sılteme</a>&nbsp;&amp;&#8212;',
        ),
        (
            "Қараңыз: https://zheli.kz/файл?q=сөз және www.example.kz/бет",
            "Qarañyz: https://zheli.kz/файл?q=сөз jäne www.example.kz/бет",
        ),
    ],
)
def test_messages_keep_placeholders_markup_and_urls(message, expected):
    assert transliterate_message(message) == expected


# --- Babel's kk_Latn ---------------------------------------------------------------------------


def test_babel_knows_kazakh_in_latin_letters():
    locale = Locale.parse(LATIN_KAZAKH)
    assert (locale.language, locale.script) == ("kk", "Latn")
    assert Locale.parse("kk-Latn", sep="-") == locale
    assert locale.months["format"]["wide"][12] == "jeltoqsan"
    assert locale.days["format"]["wide"][3] == "beisenbı"  # Thursday
    assert locale.plural_form(1) == Locale.parse("kk").plural_form(1)


def test_no_cyrillic_is_left_in_the_locale_data():
    left: list[str] = []

    def walk(value):
        if isinstance(value, str):
            if CYRILLIC.search(value):
                left.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dates.DateTimePattern):
            walk(value.pattern)
            walk(value.format)

    walk(localedata.load(LATIN_KAZAKH))
    assert not left, left[:5]
    assert latin_locale_data()["months"] == localedata.load(LATIN_KAZAKH)["months"]


def test_literal_words_in_date_patterns_stay_literal():
    """ "жылдың" written "jyldyñ" would be the fields j, y, l, d... if it were not quoted."""
    week = dates.parse_pattern(latin_pattern("Y 'жылдың' w-'аптасы'"))
    assert week.format == "%(Y)s jyldyñ %(w)s-aptasy"
    year_first = dates.parse_pattern(latin_pattern("y ж. d MMM"))
    assert year_first.format == "%(y)s j. %(d)s %(MMM)s"
    moment = datetime(2026, 12, 3, 14, 5)
    assert dates.format_skeleton("yw", moment, locale=LATIN_KAZAKH) == "2026 jyldyñ 49-aptasy"
    start, end = date(2026, 11, 3), date(2027, 1, 9)
    assert dates.format_interval(start, end, "yMMMd", locale=LATIN_KAZAKH) == (
        "2026\u202fj. 3 qar. – 2027\u202fj. 9 qañ."
    )


# --- Pages -------------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and readable attributes, no scripts."""

    READABLE = {"title", "alt", "placeholder", "aria-label", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in self.READABLE and value and not (tag == "input" and name == "value"):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if data.strip() and not self._hidden:
            self.texts.append(data.strip())


def _cyrillic_in(page: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(page)
    return [
        text for text in parser.texts if CYRILLIC.search(text) and text not in OTHER_LANGUAGE_NAMES
    ]


def _latin_client(client):
    client.post("/lang/kk-Latn", data={"next": "/"})
    return client


def test_the_switcher_offers_kazakh_in_latin_letters(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'formaction="/lang/kk-Latn" lang="kk-Latn">Qazaqşa (latyn)</button>' in page


def test_a_shared_link_shows_the_button_in_its_own_script(client):
    page = client.get("/lang/kk-Latn?next=/").get_data(as_text=True)
    assert '<button lang="kk-Latn">Qazaqşa (latyn)</button>' in page
    assert client.get_cookie(LANG_COOKIE) is None  # a GET changes nothing


def test_choosing_it_sets_html_lang_and_the_cookie(client):
    response = client.post("/lang/kk-Latn", data={"next": "/login"})
    assert response.status_code == 302
    assert client.get_cookie(LANG_COOKIE).value == LATIN_KAZAKH
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="kk-Latn">' in page
    assert 'aria-current="true">Qazaqşa (latyn)</button>' in page


def test_an_unknown_tag_changes_nothing(client):
    client.post("/lang/kk-Cyrl", data={"next": "/"})
    assert client.get_cookie(LANG_COOKIE) is None


def test_the_login_page_has_no_cyrillic(client):
    page = _latin_client(client).get("/login").get_data(as_text=True)
    assert not _cyrillic_in(page), _cyrillic_in(page)[:5]
    assert "Kıru" in page  # «Кіру», sign in


def test_a_signed_in_teacher_keeps_the_choice_and_reads_home_in_latin(login_as, app):
    client = login_as(Role.TEACHER)
    client.post("/lang/kk-Latn", data={"next": "/"})
    assert db.session.get(User, client.user.id).locale == LATIN_KAZAKH
    client.delete_cookie(LANG_COOKIE)  # the profile alone carries the choice now
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="kk-Latn">' in page
    assert not _cyrillic_in(page), _cyrillic_in(page)[:5]


def test_the_profile_offers_it_in_latin(login_as, app):
    client = login_as(Role.TEACHER, locale=LATIN_KAZAKH)
    with app.test_request_context():
        profile = url_for("accounts.profile")
    page = client.get(profile).get_data(as_text=True)
    assert '<option selected value="kk_Latn">Qazaqşa (latyn)</option>' in page
    assert not _cyrillic_in(page), _cyrillic_in(page)[:5]


def test_dates_numbers_and_durations_are_in_latin(make_app):
    app = make_app(BABEL_DEFAULT_LOCALE=LATIN_KAZAKH)
    moment = datetime(2026, 12, 3, 9, 5)  # UTC; 14:05 in Almaty
    with app.test_request_context("/"):
        assert str(get_locale()) == LATIN_KAZAKH
        assert format_date(date(2026, 12, 3), "long") == "2026\u202fj. 3 jeltoqsan"
        assert format_datetime(moment, "weekday_day_month", time="short") == (
            "3 jeltoqsan, beisenbı, 14:05"
        )
        assert flask_babel_format_date(date(2026, 3, 1), "LLLL y") == "Nauryz 2026"
        assert format_timedelta(timedelta(days=-3), add_direction=True) == "3 kün būryn"
        rendered = app.jinja_env.from_string("{{ day|date('full') }}").render(day=date(2026, 12, 3))
        assert rendered == "2026\u202fj. 3 jeltoqsan, beisenbı"


def test_wtforms_messages_are_in_latin():
    kazakh = _wtforms_catalog("kk").ugettext("This field is required.")
    latin = _wtforms_catalog(LATIN_KAZAKH).ugettext("This field is required.")
    assert CYRILLIC.search(kazakh) and not CYRILLIC.search(latin)
    assert latin == transliterate_message(kazakh)


def test_url_for_names_the_tag(app):
    with app.test_request_context("/"):
        assert url_for("accounts.switch_language", code="kk-Latn") == "/lang/kk-Latn"
