"""Forum search (issue #3, item 6): Kazakh, Russian and English words found by their beginnings,
only in posts the reader may see, with escaped, highlighted snippets, on SQLite FTS5 and on
PostgreSQL full-text search alike."""

from __future__ import annotations

import pytest

from intranet.accounts.models import Role
from intranet.core.search import SearchDocument, highlighted, query_terms
from intranet.extensions import db
from intranet.forum import services
from intranet.forum.search import RESULTS_PER_PAGE, rebuild_index
from tests.forum_data import thread_with_posts, two_networks, url
from tests.measure import gzip_size, page_weight

MAX_QUERIES = 12


@pytest.fixture
def world(factory):
    return two_networks(factory, member_name="Айгүл Серікқызы")


def new_thread(cat, author, title, body):
    thread = services.create_thread(cat, author, title, body)
    db.session.commit()
    return thread


def add_reply(thread, author, body):
    post = services.reply(thread, author, body)
    db.session.commit()
    return post


def search(client, q, **args):
    response = client.get(url("forum.search", q=q, **args))
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def found_post_ids(client, q, **args) -> set[int]:
    """Ids of the posts linked from the results (each result links to ``forum.view_post``)."""
    html = search(client, q, **args)
    results = html.split('id="search-results"', 1)[1]
    ids = set()
    for part in results.split('href="/forum/p/')[1:]:
        ids.add(int(part.split('"', 1)[0]))
    return ids


# --- Languages and word forms -----------------------------------------------------------------


def test_kazakh_russian_and_english_words_are_found(world, login_as):
    author = world["member"]
    thread = new_thread(
        world["site"], author, "Циклограмма", "Сыни тұрғыдан ойлауды сабақта дамытамыз."
    )
    russian = add_reply(thread, author, "Как развивать критическое мышление на уроке?")
    english = add_reply(thread, author, "We plan a **Lesson Study** cycle for the autumn.")
    client = login_as(world["group_member"])
    assert found_post_ids(client, "тұрғыдан") == {thread.first_post_id}
    assert found_post_ids(client, "мышление") == {russian.id}
    assert found_post_ids(client, "lesson") == {english.id}
    assert found_post_ids(client, "LESSON STUDY") == {english.id}
    html = search(client, "мышление")
    assert "<mark>мышление</mark>" in html
    assert "**" not in html  # the snippet is text, not Markdown source


def test_a_word_without_its_case_ending_finds_its_forms(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "Ашық сабақ", "Сабақтың мақсаты: оқушы сөйлесін.")
    second = add_reply(thread, author, "Келесі сабақта топпен жұмыс жасаймыз.")
    third = add_reply(thread, author, "На уроках мы работаем в группах.")
    unrelated = add_reply(thread, author, "Мектеп кітапханасы жаңарды.")
    client = login_as(world["member"])
    assert found_post_ids(client, "сабақ") == {thread.first_post_id, second.id}
    # A typed form finds the other forms of its word through their common stem (сабақ).
    assert found_post_ids(client, "САБАҚТЫҢ") == {thread.first_post_id, second.id}
    assert found_post_ids(client, "урок") == {third.id}
    assert found_post_ids(client, "работа групп") == {third.id}  # every word, each a prefix
    assert found_post_ids(client, "сабақ топпен") == {second.id}
    assert unrelated.id not in found_post_ids(client, "сабақ")
    html = search(client, "сабақ")
    assert "<mark>сабақта</mark>" in html
    assert "<mark>Сабақтың</mark>" in html


def test_thread_title_words_find_the_first_post(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "Бетпе-бет кездесу Мичурин", "Күн тәртібі төменде.")
    add_reply(thread, author, "Мен де барамын.")
    client = login_as(world["member"])
    assert found_post_ids(client, "кездесу") == {thread.first_post_id}
    assert "<mark>кездесу</mark>" in search(client, "кездесу")
    # a title word and a body word together
    assert found_post_ids(client, "мичурин тәртібі") == {thread.first_post_id}


def test_renamed_thread_and_edited_post_are_found_by_their_new_words(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "Ескі атау", "Бірінші нұсқа.")
    post = add_reply(thread, author, "Алғашқы мәтін.")
    services.edit_post(post, "Түзетілген мәтін: вебинар.")
    thread.title = "Жаңа атау"
    db.session.commit()
    client = login_as(world["member"])
    assert found_post_ids(client, "вебинар") == {post.id}
    assert found_post_ids(client, "алғашқы") == set()
    assert found_post_ids(client, "жаңа атау") == {thread.first_post_id}
    assert found_post_ids(client, "ескі") == set()


# --- What the reader may see ------------------------------------------------------------------


def test_hidden_and_deleted_posts_are_not_found(world, login_as, factory):
    author = world["member"]
    moderator = factory.user(Role.MODERATOR, school=author.school)
    thread = new_thread(
        world["site"], author, "Қауымдастық ережесі", "Бәріміз құрметпен сөйлесеміз."
    )
    hidden = add_reply(thread, author, "Дөрекі сөз: ережебұзушылық.")
    deleted = add_reply(thread, author, "Қате жазылды: ережебұзушылық.")
    kept = add_reply(thread, author, "Ережебұзушылық туралы сұрақ.")
    services.hide_post(hidden, moderator, "Құрмет")
    services.delete_post(deleted, author)
    db.session.commit()
    for reader in (author, moderator):
        assert found_post_ids(login_as(reader), "ережебұзушылық") == {kept.id}
    services.unhide_post(hidden, moderator, "")
    db.session.commit()
    assert found_post_ids(login_as(author), "ережебұзушылық") == {kept.id, hidden.id}


def test_restricted_categories_are_not_found_by_others(world, login_as, factory):
    member, group_member = world["member"], world["group_member"]
    in_network = new_thread(world["network"], member, "Жоба", "Құпия жоспар: экожылыжай.")
    in_group = new_thread(world["group"], group_member, "Топ", "Топтың жоспары: экожылыжай.")
    public = new_thread(world["site"], member, "Жалпы", "Ашық жоспар: экожылыжай.")
    everything = {in_network.first_post_id, in_group.first_post_id, public.first_post_id}

    outsider = login_as(world["outsider"])
    assert found_post_ids(outsider, "экожылыжай") == {public.first_post_id}
    outsider_page = search(outsider, "экожылыжай жоспар")
    assert "Құпия" not in outsider_page and "Топтың" not in outsider_page
    assert "ШЫҢ" not in outsider_page
    assert found_post_ids(outsider, "құпия") == set()
    assert found_post_ids(login_as(member), "экожылыжай") == everything - {in_group.first_post_id}
    assert found_post_ids(login_as(group_member), "экожылыжай") == everything
    coordinator = factory.user(Role.COORDINATOR, school=world["outsider"].school)
    assert found_post_ids(login_as(coordinator), "экожылыжай") == everything


# --- Safety -----------------------------------------------------------------------------------

XSS_BODIES = [
    "<script>alert('сабақ')</script>",
    '<img src=x onerror="alert(1)"> сабақ',
    "[сабақ](javascript:alert(1))",
    '"><svg onload=alert(1)> сабақ',
    "сабақ &lt;b&gt;already escaped&lt;/b&gt; <mark>fake</mark>",
    "сабақ \ue000<script>alert(2)</script>\ue001",
]


def test_html_in_posts_and_titles_never_reaches_the_snippet_unescaped(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "<b onmouseover=alert(1)>сабақ</b>", XSS_BODIES[0])
    for body in XSS_BODIES[1:]:
        add_reply(thread, author, body)
    client = login_as(world["member"])
    html = search(client, "сабақ")
    results = html.split('id="search-results"', 1)[1]
    assert results.count('href="/forum/p/') == len(XSS_BODIES)
    for bad in ("<script", "<img", "<svg", "<b ", 'onerror="', 'href="javascript', "<mark>fake"):
        assert bad not in results, bad
    assert "\ue000" not in html and "\ue001" not in html
    assert "&lt;b onmouseover=alert(1)&gt;" in results  # shown as the text it is
    assert results.count("<mark>") == results.count("</mark>")


def test_the_query_is_echoed_escaped(world, login_as):
    html = search(login_as(world["member"]), '"><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


QUERIES_WITH_OPERATORS = [
    '"', "*", "OR", "NEAR(", "-", ":", "сабақ OR", '"сабақ', "сабақ*", "-сабақ", "title:сабақ",
    "body:сабақ", "NEAR(сабақ ойлау, 2)", "AND", "NOT сабақ", "^сабақ", "(", ")", "{title}",
    "'", "\\", "&", "|", "!", "<->", "сабақ:*", "сабақ & ойлау", "сабақ | ойлау", "''",
    '""', "+сабақ", "_", "__init__", "²", "\ue000", "a" * 300, "сабақ " * 50, "  ", "%", "%%",
    "🙂 сабақ",
]  # fmt: skip


def test_query_syntax_characters_never_cause_errors(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "Сыни ойлау", "Сыни ойлау сабақта дамиды.")
    client = login_as(author)
    for q in QUERIES_WITH_OPERATORS:
        search(client, q)  # asserts 200
    for q in ("\x00", "сабақ\x00"):  # a control character makes the request a bad one
        assert client.get(url("forum.search", q=q)).status_code == 400
    # Operators are dropped; what is left are words, and every word must match.
    for q in ('"сабақ"', "сабақ*", "-сабақ", "(сабақ)", "сабақ:*", "🙂 сабақ", "^сабақ"):
        assert found_post_ids(client, q) == {thread.first_post_id}, q
    assert found_post_ids(client, "сабақ OR") == set()  # "or" is a word like any other


def test_query_terms_keep_only_words():
    assert query_terms('NEAR("сабақ" OR -ойлау*) title:Тест') == [
        "near",
        "сабақ",
        "or",
        "ойлау",
        "title",
        "тест",
    ]
    assert query_terms("сабақ сабақ САБАҚ") == ["сабақ"]
    assert query_terms('"*:-^()') == []
    assert len(query_terms(" ".join(f"w{n}" for n in range(30)))) == 8


def test_highlighted_escapes_everything_but_its_own_marks():
    text = '<a href="x">\ue000сабақ\ue001</a> & "'
    assert str(highlighted(text)) == (
        "&lt;a href=&#34;x&#34;&gt;<mark>сабақ</mark>&lt;/a&gt; &amp; &#34;"
    )


# --- Pages, budgets, htmx ---------------------------------------------------------------------


def test_results_are_paged_newest_first(world, login_as):
    author = world["member"]
    thread = new_thread(world["site"], author, "Эссе", "Айлық эссе: бірінші.")
    posts = [thread.first_post_id]
    for n in range(2, 24):
        posts.append(add_reply(thread, author, f"Айлық эссе: {n}-нұсқа.").id)
    client = login_as(author)
    pages = [found_post_ids(client, "эссе", page=n) for n in (1, 2, 3)]
    newest = list(reversed(posts))
    assert pages[0] == set(newest[:RESULTS_PER_PAGE])
    assert pages[1] == set(newest[RESULTS_PER_PAGE : 2 * RESULTS_PER_PAGE])
    assert pages[2] == set(newest[2 * RESULTS_PER_PAGE :])
    first = search(client, "эссе")
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert url("forum.search", q="эссе", page=2).replace("&", "&amp;") in first
    last = search(client, "эссе", page=3)
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert found_post_ids(client, "эссе", page=9) == set()
    assert found_post_ids(client, "эссе", page=-4) == pages[0]


def test_an_empty_query_shows_the_form_only(world, login_as):
    html = search(login_as(world["member"]), "")
    assert 'role="search"' in html and "Nothing found." not in html


def test_the_forum_index_has_a_search_box(world, login_as):
    html = login_as(world["member"]).get(url("forum.index")).get_data(as_text=True)
    assert f'action="{url("forum.search")}"' in html


def test_search_queries_stay_constant_as_results_grow(world, login_as, query_counter, factory):
    member = world["member"]
    client = login_as(member)
    counts = []
    for size in (2, 14):
        for n in range(size):
            author = factory.user(school=member.school)
            thread = new_thread(world["network"], author, f"Вебинар {n}", "Вебинар жазбасы.")
            add_reply(thread, member, "Вебинарға рахмет!")
        with query_counter() as log:
            search(client, "вебинар")
        counts.append(log.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= MAX_QUERIES, counts


def test_search_page_and_fragment_fit_the_budgets(world, login_as):
    member = world["member"]
    long_body = " ".join(["Lesson Study: зерттеу сабағы, бақылау және рефлексия."] * 40)
    thread = new_thread(world["site"], member, "Lesson Study " + "зерттеу " * 20, long_body)
    for _ in range(RESULTS_PER_PAGE + 2):
        add_reply(thread, member, long_body)
    client = login_as(member)
    weight = page_weight(client, url("forum.search", q="зерттеу рефлексия"))
    assert weight.html_gzip <= 14 * 1024, weight
    fragment = client.get(url("forum.search", q="зерттеу"), headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html
    assert html.count('href="/forum/p/') == RESULTS_PER_PAGE
    assert gzip_size(fragment.get_data()) <= 3 * 1024


def test_search_form_updates_results_in_place_with_htmx(world, login_as):
    html = search(login_as(world["member"]), "сабақ")
    form = html.split('role="search"', 1)[1].split(">", 1)[0]
    assert 'hx-target="#search-results"' in form and 'hx-push-url="true"' in form
    assert "delay:" in form


# --- The index itself -------------------------------------------------------------------------


def test_rebuild_index_covers_posts_inserted_in_bulk(world, login_as):
    thread = thread_with_posts(world["site"], world["member"], 5, title="Lesson Study журналы")
    client = login_as(world["member"])
    assert found_post_ids(client, "ойлауды") == set()  # a bulk insert bypasses the ORM
    assert rebuild_index(batch=2) == 5
    db.session.commit()
    assert len(found_post_ids(client, "ойлауды")) == 5
    assert found_post_ids(client, "журнал") == {
        db.session.scalar(db.select(SearchDocument.ref_id).where(SearchDocument.title != ""))
    }
    assert thread.post_count == 5


def test_index_keeps_plain_text_without_markup(world):
    thread = new_thread(
        world["site"], world["member"], "Тақырып", "# Тақырыпша\n\n- бір\n- екі\n\n> дәйек"
    )
    document = db.session.scalar(
        db.select(SearchDocument).where(SearchDocument.ref_id == thread.first_post_id)
    )
    assert document.body == "Тақырыпша бір екі дәйек"
    assert document.title == "Тақырып"
