"""Counting sentences and words in an essay: the reference rules, mirrored line by line by the
live counter in ``static/js/essays.js`` (the browser test runs both on the same passages).

The count is advisory: it tells a writer how close they are to "about ten sentences" and never
blocks a submission. The rules, on whitespace-separated tokens:

- A **word** is a token with at least one letter or digit ("т.б.", "3.5" and "e-mail" are one).
- A token whose text (closing quotes and brackets set aside) ends in ``.``, ``!``, ``?`` or
  ``…`` may end a sentence. It does when it is the last token, or when the next token's first
  letter or digit is not a lower-case letter ("Бірақ", "2026", "«Біз"). So an ellipsis or a
  "?!" followed by a lower-case word continues the sentence, and "3.5" (no space) never ends one.
- A single final period after an abbreviation that stands inside a sentence never ends one:
  ``NON_FINAL`` ("ж.", "г.", "т.е.", "e.g.", ...), and an initial (one letter: "А. Құнанбаев").
  Abbreviations that close lists ("т.б.", "т.с.с.", "и т.д.", "etc.") follow the general rule.
- A run of words after the last ending counts as one more (unfinished) sentence; a run of
  punctuation alone counts as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

TERMINATORS = ".!?…"
CLOSERS = "\"'»”’)]"
OPENERS = "\"'«„“‘([—–-"

#: Abbreviations (lower case, without the final period) that stand inside a sentence.
NON_FINAL = frozenset(
    {
        # Kazakh: жыл, жылдар, ғасыр, бет, мысалы, тағы басқа "яғни"
        "ж", "жж", "ғ", "б", "мыс", "қ", "обл", "ауд",
        # Russian: год, годы, то есть, так как, смотри, например, имени, область, район
        "г", "гг", "т.е", "т.к", "см", "напр", "им", "стр", "р-н", "в", "вв", "т.н",
        # English
        "e.g", "i.e", "cf", "vs", "mr", "mrs", "ms", "dr", "p", "pp",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _first_alnum(token: str) -> str:
    for ch in token:
        if ch.isalnum():
            return ch
    return ""


def _is_lower(ch: str) -> bool:
    return ch != ch.upper() and ch == ch.lower()


def _ends_sentence(token: str, following: str | None) -> bool:
    bare = token.rstrip(CLOSERS)
    if not bare or bare[-1] not in TERMINATORS:
        return False
    core = bare.rstrip(TERMINATORS)
    run = bare[len(core) :]
    if run == "." and core:
        stem = core.lstrip(OPENERS).lower()
        if stem in NON_FINAL:
            return False
        letters = core.lstrip(OPENERS)
        if len(letters) == 1 and letters.isalpha() and not _is_lower(letters):
            return False  # an initial: "А. Құнанбаев"
    if following is None:
        return True
    return not _is_lower(_first_alnum(following))


def count_text(text: str) -> Counts:
    """Sentences and words of ``text`` by the rules above."""
    tokens = (text or "").split()
    sentences = words = 0
    open_sentence = False
    for index, token in enumerate(tokens):
        if _is_word(token):
            words += 1
            open_sentence = True
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if open_sentence and _ends_sentence(token, following):
            sentences += 1
            open_sentence = False
    if open_sentence:
        sentences += 1
    return Counts(sentences=sentences, words=words)
