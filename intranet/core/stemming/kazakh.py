"""A Kazakh stemmer: every way a word splits into a stem and inflectional endings.

Snowball has no Kazakh, so this is a small suffix stripper written from the grammar. Kazakh is
agglutinative: endings follow the stem in a fixed order, each in one slot,

    stem + plural + possessive + case + personal
    оқушы + лар  + ымыз       + ға            "to our pupils"
    мектеб + —   + іміз       + де            "in our school"
    мұғалім + —  + —          + —    + мін    "I am a teacher"

and every slot may be empty. The ending's form (allomorph) is chosen by the sound before it,
which is what lets a stripper tell an ending from the end of a stem:

- vowel harmony: back endings (-лар, -ға, -ы) follow a stem whose last vowel is back
  (а о ұ ы я ё), front ones (-лер, -ге, -і) a front vowel (ә е ө ү і э); и, у, ю in loanwords
  go either way, and the instrumental -мен/-бен/-пен has one form;
- the last sound: after a vowel -лар, -ның, -ны, -ға, -да, -дан, -мен; after р й у -лар,
  -дың, -ды; after л -дар, -дың; after м н ң -дар, -ның, -нан; after ж з -дар, -дың, -бен;
  after a voiceless consonant (and б в г д ending a loanword) -тар, -тың, -ты, -қа, -та,
  -тан, -пен;
- what comes before: after the 3rd person possessive (-ы/-і/-сы/-сі) the case endings are
  -н, -на, -нда, -нан (кітабын, кітабына); after -м/-ң of "my", "your" the dative is -а/-е
  (мектебіме).

``stems(word)`` follows these rules right to left (personal, case, possessive, plural) and
returns every stem it can reach, the word itself included: «мектептерде» gives мектептерде,
мектептер, мектеп. Keeping every split instead of guessing one is what makes forms of a word
meet: «мұғалім» might be мұғалі + "my", and is kept whole too, so it meets «мұғалімдер».

Then two sound changes are undone on every stem, so that both forms give the same one:

- a final voiceless п, қ, к voices before a vowel: мектеп/мектебі, кітап/кітабы, сабақ/сабағы,
  парақ/парағы, жүрек/жүрегі: a final б, ғ, г becomes п, қ, к;
- a few stems drop their last ы/і before a vowel: орын/орны, халық/халқы, ерік/еркі, ауыз/аузы:
  such a stem is given back its vowel as well; loanwords in -сс write one с before a vowel
  (процесс/процесі), and get the second back.

A stem keeps at least ``MIN_STEM`` letters, one of them a vowel, so short words are not worn
away (ана "mother" is not ан + -на, ой "thought" stays ой). Only inflection is stripped:
derivational endings (-шы, -лық, -сыз as "without") make words of their own and stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

#: Letters found in Kazakh and not in Russian: a word with one is Kazakh.
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
VOWELS = frozenset("аәеёиоөуұүыіэюя")
BACK_VOWELS = frozenset("аоұыяё")
FRONT_VOWELS = frozenset("әеөүіэ")
#: The fewest letters a stem keeps.
MIN_STEM = 2

# What an ending may follow: the class of the last letter left (ь and ъ skipped).
VOWEL, GLIDE, L, NASAL, SIBILANT, VOICELESS = "V", "R", "L", "N", "Z", "T"
_CLASSES = {
    **{letter: {VOWEL} for letter in VOWELS},
    # у and и end a syllable like a glide (оқу-ды, оқу-ға); in loanwords и may act as a vowel.
    "у": {GLIDE},
    "и": {VOWEL, GLIDE},
    "ю": {VOWEL, GLIDE},
    "р": {GLIDE},
    "й": {GLIDE},
    "л": {L},
    "м": {NASAL},
    "н": {NASAL},
    "ң": {NASAL},
    "ж": {SIBILANT},
    "з": {SIBILANT},
    # Voiced б в г д ғ end loanwords and take the voiceless forms (клубқа, педагогтар).
    **{letter: {VOICELESS} for letter in "пфкқтсшщхһцчбвгдғ"},
}
CONSONANT = frozenset({GLIDE, L, NASAL, SIBILANT, VOICELESS})
VOICED = frozenset({VOWEL, GLIDE, L, NASAL, SIBILANT})

# What an ending may need right before it, instead of a sound: another ending.
POSSESSIVE_3 = "possessive 3rd person"
POSSESSIVE_1_2 = "possessive 'my' or 'your'"


@dataclass(frozen=True)
class Ending:
    """One form of an ending: its letters, the sounds it may follow (``after``), or the
    ending it must follow (``needs``), and the kind of ending it is itself (``kind``)."""

    text: str
    after: frozenset[str] = frozenset()
    needs: str | None = None
    kind: str | None = None

    @cached_property
    def harmony(self) -> frozenset[str]:
        """The vowel row it belongs to: back, front, or both (no vowel, or -мен)."""
        vowels = [letter for letter in self.text if letter in VOWELS]
        if not vowels or self.text in _UNHARMONISED:
            return BACK_VOWELS | FRONT_VOWELS
        return BACK_VOWELS if vowels[-1] in BACK_VOWELS else FRONT_VOWELS


_UNHARMONISED = {"мен", "бен", "пен", "менен", "бенен", "пенен"}


def _forms(*texts: str, **rule) -> tuple[Ending, ...]:
    """The forms of one ending (back and front, or one), all under the same rule."""
    return tuple(Ending(text, **rule) for text in texts)


def _endings(*groups) -> tuple[Ending, ...]:
    return tuple(ending for group in groups for ending in group)


def _set(*classes: str) -> frozenset[str]:
    return frozenset(classes)


PLURAL = _endings(
    _forms("лар", "лер", after=_set(VOWEL, GLIDE)),
    _forms("дар", "дер", after=_set(L, NASAL, SIBILANT)),
    _forms("тар", "тер", after=_set(VOICELESS)),
)

POSSESSIVE = _endings(
    _forms("м", after=_set(VOWEL), kind=POSSESSIVE_1_2),
    _forms("ым", "ім", after=CONSONANT, kind=POSSESSIVE_1_2),
    _forms("ң", after=_set(VOWEL), kind=POSSESSIVE_1_2),
    _forms("ың", "ің", after=CONSONANT, kind=POSSESSIVE_1_2),
    _forms("ңыз", "ңіз", after=_set(VOWEL)),
    _forms("ыңыз", "іңіз", after=CONSONANT),
    _forms("сы", "сі", after=_set(VOWEL), kind=POSSESSIVE_3),
    _forms("ы", "і", after=CONSONANT, kind=POSSESSIVE_3),
    _forms("мыз", "міз", after=_set(VOWEL)),
    _forms("ымыз", "іміз", after=CONSONANT),
)

CASE = _endings(
    # genitive
    _forms("ның", "нің", after=_set(VOWEL, NASAL)),
    _forms("дың", "дің", after=_set(GLIDE, L, SIBILANT)),
    _forms("тың", "тің", after=_set(VOICELESS)),
    # accusative
    _forms("ны", "ні", after=_set(VOWEL)),
    _forms("ды", "ді", after=_set(GLIDE, L, NASAL, SIBILANT)),
    _forms("ты", "ті", after=_set(VOICELESS)),
    _forms("н", needs=POSSESSIVE_3),
    # dative
    _forms("ға", "ге", after=VOICED),
    _forms("қа", "ке", after=_set(VOICELESS)),
    _forms("на", "не", needs=POSSESSIVE_3),
    _forms("а", "е", needs=POSSESSIVE_1_2),
    # locative, and the locative adjective "the one in ..." (мектептегі)
    _forms("да", "де", after=VOICED),
    _forms("та", "те", after=_set(VOICELESS)),
    _forms("нда", "нде", needs=POSSESSIVE_3),
    _forms("дағы", "дегі", after=VOICED),
    _forms("тағы", "тегі", after=_set(VOICELESS)),
    _forms("ндағы", "ндегі", needs=POSSESSIVE_3),
    # ablative
    _forms("дан", "ден", after=_set(VOWEL, GLIDE, L, SIBILANT)),
    _forms("тан", "тен", after=_set(VOICELESS)),
    _forms("нан", "нен", after=_set(NASAL)),
    _forms("нан", "нен", needs=POSSESSIVE_3),
    # instrumental
    _forms("мен", "менен", after=_set(VOWEL, GLIDE, L, NASAL)),
    _forms("бен", "бенен", after=_set(SIBILANT)),
    _forms("пен", "пенен", after=_set(VOICELESS)),
)

#: Personal endings of a predicate ("мұғаліммін", "I am a teacher"; "жасаймыз", "we do").
PERSONAL = _endings(
    _forms("мын", "мін", after=_set(VOWEL, GLIDE, L, NASAL)),
    _forms("бын", "бін", after=_set(SIBILANT)),
    _forms("пын", "пін", after=_set(VOICELESS)),
    _forms("мыз", "міз", after=_set(VOWEL, GLIDE, L, NASAL)),
    _forms("быз", "біз", after=_set(SIBILANT)),
    _forms("пыз", "піз", after=_set(VOICELESS)),
    _forms("сың", "сің", after=VOICED | {VOICELESS}),
    _forms("сыз", "сіз", after=VOICED | {VOICELESS}),
    _forms("сыңдар", "сіңдер", after=VOICED | {VOICELESS}),
    _forms("сыздар", "сіздер", after=VOICED | {VOICELESS}),
)

#: The slots from the end of the word inwards.
SLOTS = (PERSONAL, CASE, POSSESSIVE, PLURAL)

#: Final voiced consonants that stand for the voiceless ones of the dictionary form.
_DEVOICED = str.maketrans({"б": "п", "ғ": "қ", "г": "к"})
#: Consonants after which a stem's last ы/і may drop before a vowel (орын/орны, халық/халқы).
_SYNCOPE_FINALS = frozenset("нзлқкғг")


def _last_class(stem: str) -> set[str]:
    letter = stem.rstrip("ьъ")[-1:]
    return _CLASSES.get(letter, set())


def _last_vowel_row(stem: str) -> frozenset[str]:
    """The vowel row endings after ``stem`` must belong to (both, if it cannot tell)."""
    for letter in reversed(stem):
        if letter in BACK_VOWELS:
            return BACK_VOWELS
        if letter in FRONT_VOWELS:
            return FRONT_VOWELS
        if letter in VOWELS:
            break
    return BACK_VOWELS | FRONT_VOWELS


def _long_enough(stem: str) -> bool:
    return len(stem) >= MIN_STEM and any(letter in VOWELS for letter in stem)


def _fits(ending: Ending, stem: str) -> bool:
    """Whether ``ending`` may follow ``stem`` by the sound rules (not by ``needs``)."""
    if not _long_enough(stem):
        return False
    if ending.harmony.isdisjoint(_last_vowel_row(stem)):
        return False
    return ending.needs is not None or bool(ending.after & _last_class(stem))


def _is_consonant(stem: str, index: int) -> bool:
    """Whether the letter at ``index`` is a consonant: у and и after a vowel are glides (ауыз)."""
    letter = stem[index]
    if letter in "уи" and len(stem) > -index and stem[index - 1] in VOWELS:
        return True
    return letter not in VOWELS and letter not in "ьъ"


def _dictionary_forms(stem: str, ending: Ending | None) -> set[str]:
    """``stem`` as the dictionary writes it: final б/ғ/г back to п/қ/к; and, when a
    vowel-initial ending followed, a dropped ы/і put back between two final consonants, and the
    second с of a loanword's -сс (процесс/процесі) too."""
    forms = {stem}
    if ending is not None and ending.text[0] in VOWELS and len(stem) >= 3:
        if stem[-1] in _SYNCOPE_FINALS and _is_consonant(stem, -2) and stem[-2] != stem[-1]:
            vowel = "ы" if ending.harmony == BACK_VOWELS else "і"
            forms.add(stem[:-1] + vowel + stem[-1])
        if stem[-1] == "с" and stem[-2] in VOWELS and not is_kazakh(stem):
            forms.add(stem + "с")
    return {form[:-1] + form[-1].translate(_DEVOICED) for form in forms}


@lru_cache(maxsize=65_536)
def stems(word: str) -> frozenset[str]:
    """Every stem of ``word`` (lowercase Cyrillic) by the rules above, the word itself included.

    >>> sorted(stems("мектебімізде"))
    ['мектебі', 'мектебіміз', 'мектебімізде', 'мектеп']
    """
    found: set[str] = set()

    def strip(rest: str, slot: int, needed: str | None, last: Ending | None) -> None:
        if needed is None:
            found.update(_dictionary_forms(rest, last))
        for index in range(slot, len(SLOTS)):
            for ending in SLOTS[index]:
                if needed is not None and ending.kind != needed:
                    continue
                if not rest.endswith(ending.text) or len(rest) == len(ending.text):
                    continue
                shorter = rest[: -len(ending.text)]
                if _fits(ending, shorter):
                    strip(shorter, index + 1, ending.needs, ending)
            if needed is not None:
                return  # what an ending needs must come right before it

    strip(word, 0, None, None)
    return frozenset(found)


def is_kazakh(word: str) -> bool:
    """A word with a letter that only Kazakh has."""
    return not KAZAKH_LETTERS.isdisjoint(word)
