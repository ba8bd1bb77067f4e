"""Kazakh Cyrillic to the Kazakh Latin alphabet of 2021, for the ``kk_Latn`` interface language.

The alphabet is the 31-letter one presented by the Government of Kazakhstan on 28 January 2021
(A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z); the letters of the Kazakh
Cyrillic alphabet map onto it one to one, as in the Government's table of that date:

    а a   ә ä   б b   в v   г g   ғ ğ   д d   е e   ж j   з z   и i   й i   і ı   к k
    қ q   л l   м m   н n   ң ñ   о o   ө ö   п p   р r   с s   т t   у u   ұ ū   ү ü
    ф f   х h   һ h   ы y   ш ş

Choices where the table leaves room, each kept to letters of the alphabet itself:

- и and й are both İ i, і is I ı (dotless): the case pairs İ/i and I/ı are Turkic, so upper case
  is never Python's ``str.upper`` (which would give "I" for "i").
- у is always U u, the vowel and the glide alike (тау → tau, ауыл → auyl): the 2021 alphabet
  has no W, unlike the 2019 draft.
- The letters found only in Russian loanwords follow the 2021 spelling recommendations, which
  write them with letters of the alphabet (no C, no digraphs with H): ц → s (циклограмма →
  siklogramma), ч → ş (коучинг → kouşing), щ → şş, ё → io, ю → iu, я → ia, э → e; ъ and ь
  are dropped.

Case is kept letter by letter; a Cyrillic capital written with two Latin letters (Ю, Я, Ё, Щ)
is all capitals inside a word in capitals (ЖОЮ → JOİU) and only its first letter otherwise
(Юрий → İurii).

``transliterate`` turns plain text; ``transliterate_message`` turns a catalog message and
leaves alone what is not Kazakh words: printf and ``str.format`` placeholders (``%(name)s``,
``%d``, ``{name}``), HTML tags and entities, and URLs.
"""

from __future__ import annotations

import re

#: The small letters; the capitals are derived by ``_upper``.
SMALL_LETTERS = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "і": "ı", "к": "k", "қ": "q",
    "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h",
    "ц": "s", "ч": "ş", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

#: The 31 letters of the 2021 alphabet, small and capital: every letter the table writes.
ALPHABET = frozenset("aäbdefgğhıijklmnñoöpqrsştuūüvyz" + "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ")

_TURKIC_CAPITALS = str.maketrans({"i": "İ", "ı": "I"})


def _upper(latin: str) -> str:
    return latin.translate(_TURKIC_CAPITALS).upper()


def _title(latin: str) -> str:
    return _upper(latin[:1]) + latin[1:]


_CAPITALS = {cyrillic.upper(): _upper(latin) for cyrillic, latin in SMALL_LETTERS.items()}
#: Every letter but the capitals written with two Latin letters, which depend on their word.
_ONE_FOR_ONE = str.maketrans(
    {**SMALL_LETTERS, **{capital: latin for capital, latin in _CAPITALS.items() if len(latin) <= 1}}
)
_TWO_LETTER_CAPITALS = re.compile(
    "[" + "".join(capital for capital, latin in _CAPITALS.items() if len(latin) > 1) + "]"
)


def _capital(match: re.Match) -> str:
    """Ю, Я, Ё or Щ: all capitals inside a word in capitals (the next letter is a capital, or,
    at the word's end, the letter before is), else only the first letter."""
    text, index = match.string, match.start()
    after = text[index + 1 : index + 2]
    before = text[index - 1 : index] if index else ""
    in_capitals = after.isupper() if after.isalpha() else before.isalpha() and before.isupper()
    latin = SMALL_LETTERS[match.group().lower()]
    return _upper(latin) if in_capitals else _title(latin)


def transliterate(text: str) -> str:
    """``text`` with every Kazakh Cyrillic letter in the 2021 Latin alphabet; anything else
    (Latin letters, digits, punctuation) unchanged."""
    return _TWO_LETTER_CAPITALS.sub(_capital, text).translate(_ONE_FOR_ONE)


#: What a message holds that is not words: placeholders, markup and addresses.
_UNTOUCHED = re.compile(
    r"""
      %\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]   # %(name)s
    | %[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]   # %s, %d, %%
    | \{[A-Za-z0-9_.\[\]!:]*\}                   # {name}, {0}
    | </?[A-Za-z][^<>]*>                         # an HTML tag
    | &(?:[A-Za-z][A-Za-z0-9]*|\#[0-9]+|\#x[0-9A-Fa-f]+);  # an entity
    | (?:https?|ftp|mailto|webcal):[^\s<>"']+    # a URL
    | www\.[^\s<>"']+
    """,
    re.VERBOSE,
)


def transliterate_message(text: str) -> str:
    """A catalog message in Latin letters, its placeholders, tags, entities and URLs kept
    character for character."""
    out: list[str] = []
    start = 0
    for match in _UNTOUCHED.finditer(text):
        out.append(transliterate(text[start : match.start()]))
        out.append(match.group())
        start = match.end()
    out.append(transliterate(text[start:]))
    return "".join(out)
