"""Every catalog complete, nothing fuzzy, placeholders kept, the Kazakh Latin one generated from
the Kazakh one; no user-facing text outside gettext in templates."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext, ngettext
from jinja2.ext import babel_extract

from intranet.config import LOCALES, PROJECT_ROOT
from intranet.core.latin import transliterate_message

TEMPLATES = PROJECT_ROOT / "templates"
TRANSLATIONS = PROJECT_ROOT / "translations"
#: Attributes whose values a person reads or hears.
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "value"}
#: Text that is the same in every language (brand names, symbols).
LANGUAGE_NEUTRAL = re.compile(r"^[\s\d\W]*$|^(Қазақша|Русский|English|htmx)$")
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)


def _catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _extracted_messages(tmp_path: Path) -> set[str]:
    """Extract from the code and templates now, exactly as `make messages` does."""
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(PROJECT_ROOT / "babel.cfg"), "-k", "_l",
         "-k", "lazy_gettext", "-k", "ngettext:1,2", "--no-location", "-o", str(pot),
         "--ignore-dirs", ".* ._ __pycache__", str(PROJECT_ROOT)]
    )  # fmt: skip
    with open(pot, "rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_not_fuzzy(locale):
    catalog = _catalog(locale)
    messages = [message for message in catalog if message.id]
    assert messages, "the catalog is empty"
    empty = [
        message.id
        for message in messages
        if not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert not empty, f"{locale}: {len(empty)} untranslated, e.g. {empty[:5]}"
    assert not fuzzy, f"{locale}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


#: A printf placeholder (``%(name)s``) or a ``str.format`` one (``{name}``).
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|\{\w*\}")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale):
    """A msgstr names only placeholders of its msgid, and a message without plural forms keeps
    them all (a plural form may leave out the number, as "one" often does)."""
    broken = []
    for message in _catalog(locale):
        if not message.id:
            continue
        plural = isinstance(message.id, list | tuple)
        sources = message.id if plural else (message.id,)
        wanted = set().union(*map(_placeholders, sources))
        for text in message.string if plural else (message.string,):
            found = _placeholders(text)
            if not found <= wanted or (not plural and found != wanted):
                broken.append((message.id, text))
    assert not broken, (
        f"{locale}: {len(broken)} messages lose or invent a placeholder: {broken[:3]}"
    )


def test_kazakh_latin_catalog_is_the_kazakh_one_transliterated():
    """translations/kk_Latn is generated (``flask translate compile``, ``make translations``):
    every Kazakh message, in Latin letters, none left in Cyrillic, none stale."""
    assert (TRANSLATIONS / "kk_Latn" / "LC_MESSAGES" / "messages.po").exists(), (
        "run `make translations`: it writes the Kazakh Latin catalog"
    )
    kazakh = {message.id: message.string for message in _catalog("kk") if message.id}
    latin = {message.id: message.string for message in _catalog("kk_Latn") if message.id}
    assert latin.keys() == kazakh.keys()
    stale, cyrillic = [], []
    for msgid, string in kazakh.items():
        forms = string if isinstance(string, list | tuple) else (string,)
        written = latin[msgid] if isinstance(string, list | tuple) else (latin[msgid],)
        if tuple(written) != tuple(map(transliterate_message, forms)):
            stale.append(msgid)
        cyrillic += [text for text in written if re.search("[\u0400-\u04ff]", text)]
    assert not stale, f"run `make translations`: {len(stale)} stale messages, e.g. {stale[:3]}"
    assert not cyrillic, cyrillic[:5]


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_holds_every_extracted_message(locale, tmp_path):
    catalog_ids = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in _catalog(locale)
        if message.id
    }
    extracted = _extracted_messages(tmp_path)
    assert len(extracted) > 100, "extraction found too little: check babel.cfg"
    missing = extracted - catalog_ids
    assert not missing, f"run `make messages`: {sorted(missing)[:5]}"


def test_every_template_is_extracted_macros_included():
    """pybabel's own walk skips folders whose name starts with "_" (``templates/_macros``);
    every template's messages must reach the catalogs all the same."""
    catalog_ids = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in _catalog("kk")
        if message.id
    }
    found: dict[str, str] = {}
    for template in sorted((PROJECT_ROOT / "templates").rglob("*.html")):
        with template.open("rb") as handle:
            for _line, _function, message, _comments in babel_extract(
                handle, ("_", "gettext", "ngettext"), [], {}
            ):
                msgid = message if isinstance(message, str) else message[0]
                found.setdefault(msgid, str(template.relative_to(PROJECT_ROOT)))
    assert any(place.startswith("templates/_macros/") for place in found.values())
    missing = {msgid: place for msgid, place in found.items() if msgid not in catalog_ids}
    assert not missing, f"run `make messages`: {missing}"


def test_kazakh_and_russian_are_not_english_copies():
    for locale in ("kk", "ru"):
        catalog = _catalog(locale)
        copied = [
            message.id
            for message in catalog
            if message.id
            and isinstance(message.id, str)
            and message.string == message.id
            and re.search(r"[A-Za-z]{4,}", message.id)
        ]
        assert len(copied) <= 3, f"{locale}: English left in place: {copied[:10]}"


def test_russian_plurals_have_three_forms(app):
    with force_locale("ru"):
        forms = {
            n: ngettext(
                "%(num)d sign-up request is waiting for your decision",
                "%(num)d sign-up requests are waiting for your decision",
                n,
            )
            for n in (1, 3, 5)
        }
    assert len(set(text.split(" ", 1)[1] for text in forms.values())) == 3, forms
    with force_locale("kk"):
        assert gettext("Sign in") != "Sign in"


@pytest.mark.parametrize("locale", LOCALES)
def test_templates_translate_with_the_request_catalog_as_flask_babel_would(make_app, locale):
    """``_``, ``gettext``, ``ngettext`` and ``{% trans %}`` come from the render's catalog
    (core.templating.catalog_callables) and give what Flask-Babel's own callables give:
    translated, formatted, and the arguments escaped."""
    from flask import render_template_string

    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    source = (
        "{{ _('Sign in') }}|{{ gettext('University: %(name)s', name=name) }}|"
        "{{ ngettext('%(num)d adoption recorded.', '%(num)d adoptions recorded.', n) }}|"
        "{% trans %}Sign in{% endtrans %}|"
        "{% trans count=n %}%(num)d adoption recorded.{% pluralize %}"
        "%(num)d adoptions recorded.{% endtrans %}"
    )
    with app.test_request_context("/"):
        for n in (1, 3, 5):
            by_catalog = render_template_string(source, name="<b>", n=n)
            by_flask_babel = app.jinja_env.from_string(source).render(name="<b>", n=n)
            assert by_catalog == by_flask_babel
            assert "&lt;b&gt;" in by_catalog and "<b>" not in by_catalog
            assert by_catalog.split("|")[0] == gettext("Sign in")


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            readable = name in TEXT_ATTRIBUTES and not (tag == "input" and name == "value")
            if readable and value and not LANGUAGE_NEUTRAL.match(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        text = data.strip()
        if text and not self._skip and not LANGUAGE_NEUTRAL.match(text):
            self.found.append(text)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_template_text_goes_through_gettext(template: Path):
    source = JINJA.sub(" ", template.read_text(encoding="utf-8"))
    finder = _TextFinder()
    finder.feed(source)
    assert not finder.found, f"text outside gettext in {template.name}: {finder.found[:5]}"
