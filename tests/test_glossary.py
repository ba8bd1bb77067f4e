"""The catalogs follow the glossary: a word that ``docs/glossary.md`` sets aside for a concept
appears in no Kazakh or Russian entry it governs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
#: ``kk «жазба» where “post”`` or ``kk «ереже» in “events/cyclogram”`` or ``kk «түсініктеме»``.
SET_ASIDE = re.compile(r"(kk|ru) «([^»]+)»(?: (where|in) “([^”]+)”)?")


def _set_aside() -> list[tuple[str, str, str | None, str | None]]:
    rules = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4:
            rules += SET_ASIDE.findall(cells[3])
    return [(lang, word, scope or None, value or None) for lang, word, scope, value in rules]


def _texts(value) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [value]


def _catalog(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_the_glossary_sets_words_aside():
    assert len(_set_aside()) >= 10


@pytest.mark.parametrize("rule", _set_aside(), ids=lambda rule: f"{rule[0]}-{rule[1]}")
def test_no_catalog_entry_uses_a_word_the_glossary_sets_aside(rule):
    lang, word, scope, value = rule
    offending = []
    for message in _catalog(lang):
        if not message.id:
            continue
        english = " ".join(_texts(message.id)).lower()
        places = " ".join(path for path, _line in message.locations)
        if scope == "where" and value.lower() not in english:
            continue
        if scope == "in" and value not in places:
            continue
        if any(word.lower() in text.lower() for text in _texts(message.string)):
            offending.append(f"{english!r} → {_texts(message.string)[0]!r}")
    assert not offending, f"«{word}» is set aside by docs/glossary.md:\n" + "\n".join(offending)


def test_the_rule_reader_catches_a_word_set_aside():
    """The reader itself: a glossary line it cannot parse would let every entry through."""
    line = "| kk «кезең» where “cycle”; kk «түсініктеме» |"
    assert SET_ASIDE.findall(line) == [
        ("kk", "кезең", "where", "cycle"),
        ("kk", "түсініктеме", "", ""),
    ]
