"""Which language an essay is written in, guessed from its letters (for the cycle's filter and
the essay's ``lang`` attribute): Kazakh, Russian or English."""

from __future__ import annotations

from .models import EssayLanguage

_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def guess_language(text: str, fallback: str = "kk") -> EssayLanguage:
    """Kazakh when its own letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) appear, else Russian for
    Cyrillic, else English for Latin; ``fallback`` for a text without letters."""
    kazakh = cyrillic = latin = 0
    for ch in text:
        if ch in _KAZAKH_LETTERS:
            kazakh += 1
        elif "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if kazakh >= 2 or (kazakh and kazakh * 50 >= cyrillic):
        return EssayLanguage.KAZAKH
    if cyrillic or latin:
        return EssayLanguage.RUSSIAN if cyrillic >= latin else EssayLanguage.ENGLISH
    try:
        return EssayLanguage(fallback)
    except ValueError:
        return EssayLanguage.KAZAKH
