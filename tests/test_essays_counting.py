"""The sentence and word counter on real passages of the source documents (seeds 000, 003, 004)
and on abbreviation cases, every expected number counted by hand (see the comments).

``PASSAGES`` is shared with the browser test, which runs the JavaScript counter on the same
texts and compares it with these numbers, so the two counters cannot drift apart.
"""

from __future__ import annotations

import pytest

from intranet.essays.counting import count_text

#: (name, text, sentences, words), counted by hand.
PASSAGES = [
    # Seed 003: "Е." is an initial, "р.6/." closes the text.
    (
        "kk-initial",
        "Е. Дакворттың айтуынша керемет идеялар тектен-тек шыға салмайды. Олардың шығуының екі "
        "шарты болады, біріншіден, басқа идеялардың негізінде құрылатындықтан бұрынғы идеялар "
        "тәжірибесі, екіншіден, талқыланатын тақырыпты жеткілікті түрде білу /1, р.6/.",
        2,
        29,
    ),
    # Seed 003: a dash "–" standing alone is not a word (10 + 11 words).
    (
        "kk-dash",
        "Біз  жаһандану дәуірінде қоғамның қайта құрылу кезеңінде өмір сүріп жатырмыз. "
        "Интеллектуалды капитал, еңбек адамы, инновациялық ойлау – жаңа Қазақстанның басты "
        "құндылығына айналды.",
        2,
        21,
    ),
    # Seed 000: hyphenated words count once (11 + 10 words).
    (
        "kk-hyphens",
        "Лицей-мектебінде оқушылармен ұстаздарға, ғылыми жұмысы саласында іс-шаралар "
        "ұйымдастыруға, барлық жағдайлар жасалған. Ғылыми бағдарламалар, әдістеме құралдары "
        "жаңа технологиялар бойынша жасалып, семинарлар өткізіледі.",
        2,
        21,
    ),
    # Seed 004: the unfinished last sentence counts; "*" is not a word (6 + 3 words).
    (
        "ru-unfinished",
        "Ваш адрес email не будет опубликован. Обязательные поля помечены *",
        2,
        9,
    ),
    # Seed 003: the Russian abstract, one sentence without a period (13 words).
    (
        "ru-abstract",
        "В статье рассматривается система профессиональной работы школы в педагогическом "
        "сотрудничестве с другими школами",
        1,
        13,
    ),
    # Seed 003: the English abstract (17 words, "articledescribes" as printed).
    (
        "en-abstract",
        "This articledescribes the system of professional and social work of school in "
        "pedagogical collaboration with other schools.",
        1,
        17,
    ),
    # An initial in brackets, "ж.", "т.б." before a lower-case word, "?!", an ellipsis before
    # a lower-case word, "3.5": 4 sentences, 6 + 6 + 1 + 5 words.
    (
        "kk-abbreviations",
        "Абай (А. Құнанбаев) 1845 ж. туған. Біз кітап, журнал, газет т.б. оқимыз. Неге?! "
        "Ойланайық... бәлкім, 3.5 сағат жетер.",
        4,
        18,
    ),
    # "г." and "т.е." inside, "и т.д." closing a sentence, "!", "?", "…": 11 + 8 + 4 + 2 + 1.
    (
        "ru-abbreviations",
        "В 2013 г. лицей начал работу с университетом, т.е. с ИнЕУ. Учителя ведут курсы по "
        "физике, химии и т.д. Ученики выступают на конференциях! Что дальше? Посмотрим…",
        5,
        26,
    ),
    # "E.g.", "i.e." and "Dr." never end a sentence; "visits..." before "and" does not: 10 + 5 + 1.
    (
        "en-abbreviations",
        "E.g. the «ШЫҢ» community meets every two weeks, i.e. online. Dr. Smith visits... and "
        "watches. Wow?!",
        3,
        16,
    ),
    ("empty", "", 0, 0),
    ("punctuation-only", "  ...  ?! ", 0, 0),
    ("one-word", "Сәлем", 1, 1),
]


@pytest.mark.parametrize(
    ("text", "sentences", "words"),
    [passage[1:] for passage in PASSAGES],
    ids=[passage[0] for passage in PASSAGES],
)
def test_counts_match_the_hand_counts(text, sentences, words):
    counts = count_text(text)
    assert (counts.sentences, counts.words) == (sentences, words)


def test_a_ten_sentence_essay_from_the_demo_counts_ten():
    from intranet.demo.essays import ESSAYS

    kazakh = next(seed.body for seed in ESSAYS if seed.author == "gulzhan.abenova")
    assert count_text(kazakh).sentences == 10
