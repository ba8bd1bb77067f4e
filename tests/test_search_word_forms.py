"""Search finds other forms of a Kazakh or Russian word (issue #17), through the real pages of
the forum and the library, on whichever database the suite runs on (SQLite by default,
PostgreSQL with ``TEST_DATABASE_URL``): «мектеп» finds «мектебімізде», «Оқушыларға» finds
«Оқушыларымызға», «кітап» finds «кітабы», «учитель» finds «учителями», and the word found is
marked in the snippet even when only its stem matched."""

from __future__ import annotations

import pytest

from intranet.accounts.models import Role
from intranet.core.search import Term, excerpt, marked
from intranet.resources.models import ResourceLanguage
from tests.forum_data import two_networks, url
from tests.test_forum_search import add_reply, found_post_ids, new_thread, search
from tests.test_resources_library import _publish, _url

MAX_QUERIES = 12


@pytest.fixture
def world(factory):
    return two_networks(factory)


@pytest.fixture
def posts(world):
    author = world["member"]
    thread = new_thread(
        world["site"], author, "Жаңа оқу жылы", "Біздің мектебімізде жаңа оқу жылы басталды."
    )
    return {
        "school": thread.first_post_id,
        "pupils": add_reply(thread, author, "Оқушыларымызға олимпиада туралы айттық.").id,
        "book": add_reply(thread, author, "Абайдың кітабы оқылды, бір парағы жыртылған.").id,
        "teachers": add_reply(thread, author, "Встреча с учителями прошла хорошо.").id,
        "honey": add_reply(thread, author, "Бал арасы туралы сабақ.").id,
    }


@pytest.mark.parametrize(
    ("query", "post", "word"),
    [
        ("мектеп", "school", "мектебімізде"),
        ("мектептерде", "school", "мектебімізде"),
        ("мектебiмiзге", "school", "мектебімізде"),  # typed with a Latin i
        ("Оқушыларға", "pupils", "Оқушыларымызға"),
        ("кітап", "book", "кітабы"),
        ("парақ", "book", "парағы"),
        ("учитель", "teachers", "учителями"),
        ("учителей", "teachers", "учителями"),
    ],
)
def test_the_forum_finds_other_forms_and_marks_them(world, posts, login_as, query, post, word):
    client = login_as(world["member"])
    assert found_post_ids(client, query) == {posts[post]}
    assert f"<mark>{word}</mark>" in search(client, query)


def test_the_forum_still_matches_beginnings_and_needs_every_word(world, posts, login_as):
    client = login_as(world["member"])
    assert found_post_ids(client, "мектебім") == {posts["school"]}  # a beginning, as typed
    assert found_post_ids(client, "мектеп басталды") == {posts["school"]}
    assert found_post_ids(client, "мектеп олимпиада") == set()
    # бала "child" is not бал "honey", though one begins the other
    assert found_post_ids(client, "балаға") == set()
    assert found_post_ids(client, "бал") == {posts["honey"]}


def test_the_library_finds_other_forms_and_marks_them(app, factory, login_as):
    author, reviewer = factory.user(), factory.user(Role.MODERATOR)
    kazakh = _publish(
        author,
        reviewer,
        "Оқушыларымызға арналған тапсырмалар",
        description="Мектебіміздің кітабы бойынша жаттығулар.",
    )
    russian = _publish(
        author,
        reviewer,
        "Работа с родителями",
        description="Встречи с учителями и родителями.",
        language=ResourceLanguage.RUSSIAN,
    )
    reader = login_as(Role.TEACHER)

    def found(query):
        page = reader.get(_url("resources.list_resources", q=query)).get_data(as_text=True)
        return {r.title for r in (kazakh, russian) if r.title in _unmarked(page)}, page

    titles, page = found("оқушыларға")
    assert titles == {kazakh.title}
    assert "<mark>Оқушыларымызға</mark>" in page
    titles, page = found("мектеп кітап")
    assert titles == {kazakh.title}
    assert "<mark>Мектебіміздің</mark>" in page and "<mark>кітабы</mark>" in page
    titles, page = found("учитель")
    assert titles == {russian.title}
    assert "<mark>учителями</mark>" in page


def _unmarked(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def test_searches_by_stem_keep_the_query_budget(world, posts, login_as, query_counter):
    client = login_as(world["member"])
    for page in (
        url("forum.search", q="мектеп оқушыларға"),
        _url("resources.list_resources", q="мектеп"),
    ):
        with query_counter() as log:
            assert client.get(page).status_code == 200
        assert log.count <= MAX_QUERIES, (page, log.count)


def test_a_snippet_marks_words_found_by_stem_or_beginning():
    terms = [Term.of("мектеп"), Term.of("оқушы")]
    text = "Біздің мектебімізде оқушыларға арналған жаңа кітапхана ашылды."
    assert marked(text, terms) == (
        "Біздің \ue000мектебімізде\ue001 \ue000оқушыларға\ue001 арналған жаңа кітапхана ашылды."
    )
    long = " ".join(["Алдымен"] * 30 + ["мектебімізде"] + ["кейін"] * 30)
    snippet = excerpt(long, terms, size=6)
    assert snippet.startswith("…Алдымен") and snippet.endswith("кейін…")
    assert snippet.count("\ue000") == 1 and len(snippet.split()) == 6
    assert excerpt("Қысқа мәтін.", terms) == "Қысқа мәтін."
