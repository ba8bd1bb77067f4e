"""Full-text search behind one interface: SQLite FTS5 on the embedded default, PostgreSQL full-text
search in production, chosen by ``db.engine.dialect.name``.

What is searchable is a *document*: a row of ``search_document`` keyed by ``(kind, ref_id)``
(``"forum_post", 42``) holding plain text in ``title`` and ``body``, and in ``stems`` the stems
of their Kazakh and Russian words (``core.stemming``), computed in Python when the document is
saved. A feature keeps its documents in sync (``save_document`` / ``remove_document``) and asks
``search(kind, text, restrict=...)``, where ``restrict`` joins the feature's own tables to keep
only what the reader may see. The result holds ids and escaped snippets with ``<mark>`` around
the words found.

A typed word matches a document if a word of its title or body begins with it (``сабақ`` finds
``сабақта``; words shorter than ``MIN_PREFIX`` must match whole), or if one of the typed word's
stems is among the document's stems (``мектеп`` finds ``мектебімізде``, ``Оқушыларға`` finds
``Оқушыларымызға``, ``учитель`` finds ``учителями``). A document must match every typed word.

- SQLite: an FTS5 table over ``search_document`` (external content, kept in step by triggers),
  tokenizer ``unicode61 remove_diacritics 2``, which folds case for Cyrillic too; a typed word
  is ``{title body} : "word"* OR stems : ("stem" OR ...)``.
- PostgreSQL: a GIN expression index on one ``tsvector``: the words of title and body with
  weight A, the stems with weight B (``simple`` configuration: no stemming, no stop words); a
  typed word is ``'word':*A | 'stem':B | ...``.

Both databases compare the same stems, so they find the same documents. Words are marked in
Python (``excerpt``), the same way on both: every word of the title and the best stretch of the
body that begins with a typed word or shares a stem with one. User input never reaches either
query language as syntax: only runs of letters and digits survive, each quoted. The DDL lives in
the constants below, so a migration can run exactly what ``db.create_all()`` runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from markupsafe import Markup, escape
from sqlalchemy import (
    DDL,
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
    event,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import Select

from ..extensions import db
from .navigation import NeighbourPages
from .stemming import text_stems, word_stems

#: The FTS5 table; SQLite adds shadow tables whose names start with it (``..._data`` and so on),
#: which Alembic's autogenerate must ignore (``include_name``).
FTS_TABLE = "search_document_fts"
#: The PostgreSQL expression the GIN index is built on; queries repeat it word for word.
PG_VECTOR = (
    "setweight(to_tsvector('simple', search_document.title || ' ' || search_document.body), 'A')"
    " || setweight(to_tsvector('simple', search_document.stems), 'B')"
)
PG_INDEX = "ix_search_document_tsv"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, body, stems, "
    "content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body, stems) "
    "VALUES (new.id, new.title, new.body, new.stems); END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body, stems) "
    "VALUES (new.id, new.title, new.body, new.stems); END",
)
#: Run before ``search_document`` is dropped (its triggers go with it).
SQLITE_DROP_DDL = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
POSTGRESQL_DDL = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_document USING gin ("
    "(setweight(to_tsvector('simple', title || ' ' || body), 'A')"
    " || setweight(to_tsvector('simple', stems), 'B')))",
)

#: Words of a query that are used; the rest are ignored.
MAX_TERMS = 8
#: A longer word is cut to this many characters (it still matches as a prefix).
MAX_TERM_LENGTH = 40
#: Shorter words must match whole: a one-letter prefix would match most of the index.
MIN_PREFIX = 3
#: Markers around matched words: Unicode private-use characters, removed from every document,
#: so that after escaping they can only stand for the ``<mark>`` tags put in their place.
START, STOP = "\ue000", "\ue001"
_MARKERS = re.compile(f"[{START}{STOP}]")
_WORD = re.compile(r"\w+")
#: A word as both databases' tokenizers see one: letters and digits (``_`` separates).
_TOKEN = re.compile(r"[^\W_]+")
#: Words in a snippet of the body.
SNIPPET_WORDS = 18
#: Words a snippet shows before the first word found, when it can.
SNIPPET_LEAD = 3


class SearchDocument(db.Model):
    """The searchable text of one object of some feature (``kind``, ``ref_id``)."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int]
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    #: The stems of the words of title and body, space-separated (``document_values``).
    stems: Mapped[str] = mapped_column(Text, default="", server_default="")


for _statement in SQLITE_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in SQLITE_DROP_DDL:
    event.listen(
        SearchDocument.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in POSTGRESQL_DDL:
    event.listen(
        SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


# --- Keeping documents ------------------------------------------------------------------------


class _TextCollector(HTMLParser):
    """The text of sanitised HTML, with a space wherever a tag was (so blocks stay apart)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")


def plain_text(html: str) -> str:
    """The words of stored (already sanitised) HTML, as text to index."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return clean_text(unescape("".join(collector.parts)))


def clean_text(text: str) -> str:
    """Text fit for the index: no highlight markers, whitespace collapsed."""
    return " ".join(_MARKERS.sub(" ", text or "").split())


def document_values(title: str, body: str) -> dict[str, str]:
    """The columns of a document holding ``title`` and ``body``: the texts cleaned, and their
    stems. Every writer of documents, one by one or in bulk, goes through here."""
    title, body = clean_text(title), clean_text(body)
    return {"title": title, "body": body, "stems": text_stems(title, body)}


def save_document(connection, kind: str, ref_id: int, *, title: str, body: str) -> None:
    """Create or replace the document ``(kind, ref_id)``.

    Takes a connection, so that it can run inside a flush (from ORM events) as well as outside.
    """
    documents = SearchDocument.__table__
    values = document_values(title, body)
    where = (documents.c.kind == kind) & (documents.c.ref_id == ref_id)
    updated = connection.execute(documents.update().where(where).values(**values))
    if updated.rowcount == 0:
        connection.execute(documents.insert().values(kind=kind, ref_id=ref_id, **values))


def set_document_title(connection, kind: str, ref_id: int, title: str) -> None:
    """Give the document a new title (its stems follow, so its body is read back)."""
    documents = SearchDocument.__table__
    where = (documents.c.kind == kind) & (documents.c.ref_id == ref_id)
    body = connection.scalar(select(documents.c.body).where(where))
    if body is not None:
        connection.execute(documents.update().where(where).values(**document_values(title, body)))


def remove_document(connection, kind: str, ref_id: int) -> None:
    documents = SearchDocument.__table__
    connection.execute(
        documents.delete().where(documents.c.kind == kind, documents.c.ref_id == ref_id)
    )


# --- Searching --------------------------------------------------------------------------------


def query_terms(text: str) -> list[str]:
    """The words of what the user typed, lowercased, deduplicated; every operator dropped."""
    terms: list[str] = []
    for word in _WORD.findall(_MARKERS.sub(" ", text or "").casefold()):
        word = word.strip("_")[:MAX_TERM_LENGTH]
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


@dataclass(frozen=True)
class Term:
    """A typed word and its stems: a document's word matches it by beginning with the word
    (or being it, if the word is short) or by sharing a stem."""

    word: str
    stems: frozenset[str]

    @classmethod
    def of(cls, word: str) -> Term:
        return cls(word, word_stems(word))

    @property
    def is_prefix(self) -> bool:
        return len(self.word) >= MIN_PREFIX

    def matches(self, document_word: str) -> bool:
        folded = document_word.casefold()
        if folded.startswith(self.word) if self.is_prefix else folded == self.word:
            return True
        return not self.stems.isdisjoint(word_stems(document_word))


@dataclass
class Hit:
    """One document found: its ``ref_id``, its title and a snippet of its body, both escaped
    HTML with ``<mark>`` around the words that matched (the title is empty if it has none)."""

    ref_id: int
    title: Markup
    snippet: Markup


@dataclass
class SearchPage(NeighbourPages):
    """One page of results, newest document first; ``has_next`` instead of a costly count."""

    hits: list[Hit]
    page: int
    per_page: int
    has_next: bool
    terms: list[str] = field(default_factory=list)


Restrict = Callable[[Select], Select]


def highlighted(text: str | None) -> Markup:
    """Escape ``text``, then turn the markers put in by ``marked`` into ``<mark>`` tags."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _found_words(text: str, terms: list[Term]) -> list[tuple[re.Match, int | None]]:
    """Every word of ``text``, with the index of the first term it matches (or None)."""
    known: dict[str, int | None] = {}

    def term_of(word: str) -> int | None:
        if word not in known:
            known[word] = next((n for n, term in enumerate(terms) if term.matches(word)), None)
        return known[word]

    return [(word, term_of(word[0])) for word in _TOKEN.finditer(text)]


def _marked(text: str, words: list[tuple[re.Match, int | None]], start: int, stop: int) -> str:
    """``text[start:stop]`` with markers around the words found in it."""
    parts, position = [], start
    for word, found in words:
        if found is None or word.start() < start or word.end() > stop:
            continue
        parts += [text[position : word.start()], START, word[0], STOP]
        position = word.end()
    parts.append(text[position:stop])
    return "".join(parts)


def marked(text: str, terms: list[Term]) -> str:
    """All of ``text``, with markers around every word that matches a term."""
    return _marked(text, _found_words(text, terms), 0, len(text))


def excerpt(text: str, terms: list[Term], size: int = SNIPPET_WORDS) -> str:
    """About ``size`` words of ``text`` around the words found, with markers around them: the
    stretch that holds the most different terms (then the most words found), the earliest of
    equals, and "…" where text is left out."""
    words = _found_words(text, terms)
    if not words:
        return text
    found = [index for index, (_word, term) in enumerate(words) if term is not None]

    def score(first: int) -> tuple[int, int]:
        inside = found[bisect_left(found, first) : bisect_left(found, first + size)]
        return len({words[index][1] for index in inside}), len(inside)

    starts = sorted({max(0, index - SNIPPET_LEAD) for index in found}) or [0]
    first = max(starts, key=score)
    last = min(first + size, len(words))
    start = words[first][0].start() if first > 0 else 0
    stop = words[last - 1][0].end() if last < len(words) else len(text)
    body = _marked(text, words, start, stop)
    return ("…" if first > 0 else "") + body + ("…" if last < len(words) else "")


def search(
    kind: str,
    text: str,
    *,
    restrict: Restrict | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Documents of ``kind`` matching every word of ``text`` (by prefix or by stem), newest
    first.

    ``restrict(select)`` adds the caller's joins and conditions to a SELECT over
    ``SearchDocument``: what it filters out is never counted, shown or paged.
    """
    page = max(page, 1)
    words = query_terms(text)
    if not words:
        return SearchPage([], page, per_page, False, words)
    terms = [Term.of(word) for word in words]
    build = _BACKENDS[db.session.get_bind().dialect.name]
    statement = build(kind, terms, restrict or (lambda s: s), per_page + 1, (page - 1) * per_page)
    rows = db.session.execute(statement).all()
    hits = [
        Hit(ref_id, highlighted(marked(title, terms)), highlighted(excerpt(body, terms)))
        for ref_id, title, body in rows[:per_page]
    ]
    return SearchPage(hits, page, per_page, len(rows) > per_page, words)


def _quoted(word: str, quote: str) -> str:
    return quote + word.replace(quote, quote * 2) + quote


def _sqlite_match(terms: list[Term]) -> str:
    """An FTS5 query: every word and stem a quoted string (so no operator survives); for each
    typed word, its prefix in title or body or one of its stems; all typed words ANDed."""
    clauses = []
    for term in terms:
        surface = _quoted(term.word, '"') + ("*" if term.is_prefix else "")
        alternatives = [f"{{title body}} : {surface}"]
        if term.stems:
            stems = " OR ".join(_quoted(stem, '"') for stem in sorted(term.stems))
            alternatives.append(f"stems : ({stems})")
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses)


def _sqlite_statement(kind, terms, restrict, limit, offset):
    fts = table(FTS_TABLE, column("rowid", Integer))
    name = literal_column(FTS_TABLE)
    statement = (
        select(SearchDocument.ref_id, SearchDocument.title, SearchDocument.body)
        .select_from(fts)
        .join(SearchDocument, SearchDocument.id == fts.c.rowid)
        .where(name.op("MATCH")(_sqlite_match(terms)), SearchDocument.kind == kind)
    )
    # FTS5 hands rows out in rowid order itself, so a page stops early instead of sorting.
    return restrict(statement).order_by(fts.c.rowid.desc()).limit(limit).offset(offset)


def _pg_query(terms: list[Term]) -> str:
    """A ``to_tsquery`` text: every word and stem a quoted lexeme (so no operator survives); for
    each typed word, its prefix among the words (weight A) or one of its stems (weight B); all
    typed words ANDed."""
    clauses = []
    for term in terms:
        surface = _quoted(term.word, "'") + (":*A" if term.is_prefix else ":A")
        stems = [_quoted(stem, "'") + ":B" for stem in sorted(term.stems)]
        clauses.append("(" + " | ".join([surface, *stems]) + ")")
    return " & ".join(clauses)


def _pg_statement(kind, terms, restrict, limit, offset):
    query = func.to_tsquery(literal_column("'simple'"), _pg_query(terms))
    statement = select(SearchDocument.ref_id, SearchDocument.title, SearchDocument.body).where(
        SearchDocument.kind == kind, literal_column(PG_VECTOR).op("@@")(query)
    )
    return restrict(statement).order_by(SearchDocument.id.desc()).limit(limit).offset(offset)


_BACKENDS = {"sqlite": _sqlite_statement, "postgresql": _pg_statement}


def alembic_include_name(name: str | None, type_: str, parent_names) -> bool:
    """For Alembic's ``include_name``: skip what the search DDL makes outside the models (the
    FTS5 table and its shadow tables, the PostgreSQL expression index), which autogenerate
    would otherwise offer to drop."""
    return not (name or "").startswith(FTS_TABLE) and name != PG_INDEX
