"""Stems of Kazakh and Russian words, for search (``core.search``).

A word is stemmed by the language it is written in, which a single word mostly shows:

- a word with a letter only Kazakh has (ә ғ қ ң ө ұ ү һ і) is Kazakh: every stem the Kazakh
  stemmer (``kazakh.py``) finds;
- any other Cyrillic word may be Russian or Kazakh (мектептерде, учителями): it gets the Kazakh
  stems and the Russian Snowball stem both, so a text mixing the languages loses neither. A
  Russian stem shorter than ``RUSSIAN_MIN_STEM`` is left out: cut from a Kazakh word it would
  join words that differ (ана "mother" is not ан, бала "child" is not бал "honey", тарих is not
  тар), and from a Russian one too (лицей is not лицо). Short Russian words (сеть/сети) are
  then found only by their beginnings;
- Latin words, numbers and words mixing scripts get none: they are found by their surface
  form alone, as they are typed. One mix is forgiven: a Latin i in a Cyrillic word is read as
  the Kazakh і, which keyboards without Kazakh letters make people type (мектебiмiзде).

The stems are computed here, in Python, for the documents and for the query alike, and the
databases only store and compare them. PostgreSQL's ``russian`` configuration runs the same
Snowball algorithm, but it would also cut Russian endings off Kazakh words and drop Russian
stop words, and SQLite has no stemmer at all; one stemmer outside both gives the same stems,
and so the same results, on either database.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from . import kazakh

_RUSSIAN = Stemmer.Stemmer("russian")
#: The fewest letters a Russian stem keeps to be used.
RUSSIAN_MIN_STEM = 4
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65_536)
def word_stems(word: str) -> frozenset[str]:
    """The stems of one word (any case); empty for a word that is not all Cyrillic letters."""
    word = word.casefold().replace("ё", "е")
    if "i" in word and _CYRILLIC.search(word):
        word = word.replace("i", "і")
    if not _CYRILLIC.fullmatch(word):
        return frozenset()
    if kazakh.is_kazakh(word):
        return kazakh.stems(word)
    russian = _RUSSIAN.stemWord(word)
    if len(russian) < RUSSIAN_MIN_STEM:
        return kazakh.stems(word)
    return kazakh.stems(word) | {russian}


@lru_cache(maxsize=65_536)
def _ordered_stems(word: str) -> tuple[str, ...]:
    return tuple(sorted(word_stems(word)))


def text_stems(*texts: str) -> str:
    """The distinct stems of every word of ``texts``, space-separated, in order of first use."""
    found: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text or ""):
            if _CYRILLIC.search(word):  # numbers and Latin words have none: skip the cache
                found.update(dict.fromkeys(_ordered_stems(word)))
    return " ".join(found)
