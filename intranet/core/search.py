"""Full-text search behind one interface: SQLite FTS5 on the embedded default, PostgreSQL full-text
search in production, chosen by ``db.engine.dialect.name``.

What is searchable is a *document*: a row of ``search_document`` keyed by ``(kind, ref_id)``
(``"forum_post", 42``) holding plain text in ``title`` and ``body``. A feature keeps its documents
in sync (``save_document`` / ``remove_document``) and asks ``search(kind, text, restrict=...)``,
where ``restrict`` joins the feature's own tables to keep only what the reader may see. The
result holds ids and escaped snippets with ``<mark>`` around the words found.

- SQLite: an FTS5 table over ``search_document`` (external content, kept in step by triggers),
  tokenizer ``unicode61 remove_diacritics 2``, which folds case for Cyrillic too.
- PostgreSQL: a GIN expression index on ``to_tsvector('simple', title || ' ' || body)``
  (there is no Kazakh stemmer; ``simple`` only lowercases).

Both match every typed word as a prefix (``сабақ`` finds ``сабақта``, ``сабақтың``), words
shorter than ``MIN_PREFIX`` exactly. User input never reaches either query language as syntax:
only runs of letters and digits survive, each quoted. The DDL lives in the constants below, so
a migration can run exactly what ``db.create_all()`` runs.
"""

from __future__ import annotations

import re
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

#: The FTS5 table; SQLite adds shadow tables whose names start with it (``..._data`` and so on),
#: which Alembic's autogenerate must ignore (``include_name``).
FTS_TABLE = "search_document_fts"
#: The PostgreSQL expression the GIN index is built on; queries repeat it word for word.
PG_VECTOR = "to_tsvector('simple', search_document.title || ' ' || search_document.body)"
PG_INDEX = "ix_search_document_tsv"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, body, "
    "content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
#: Run before ``search_document`` is dropped (its triggers go with it).
SQLITE_DROP_DDL = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
POSTGRESQL_DDL = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_document "
    "USING gin (to_tsvector('simple', title || ' ' || body))",
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
SNIPPET_WORDS = 18


class SearchDocument(db.Model):
    """The searchable text of one object of some feature (``kind``, ``ref_id``)."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int]
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")


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


def save_document(connection, kind: str, ref_id: int, *, title: str, body: str) -> None:
    """Create or replace the document ``(kind, ref_id)``.

    Takes a connection, so that it can run inside a flush (from ORM events) as well as outside.
    """
    documents = SearchDocument.__table__
    values = {"title": clean_text(title), "body": clean_text(body)}
    where = (documents.c.kind == kind) & (documents.c.ref_id == ref_id)
    updated = connection.execute(documents.update().where(where).values(**values))
    if updated.rowcount == 0:
        connection.execute(documents.insert().values(kind=kind, ref_id=ref_id, **values))


def set_document_title(connection, kind: str, ref_id: int, title: str) -> None:
    documents = SearchDocument.__table__
    connection.execute(
        documents.update()
        .where(documents.c.kind == kind, documents.c.ref_id == ref_id)
        .values(title=clean_text(title))
    )


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
    """Escape ``text``, then turn the markers the database put in into ``<mark>`` tags."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def search(
    kind: str,
    text: str,
    *,
    restrict: Restrict | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Documents of ``kind`` holding every word of ``text`` (as prefixes), newest first.

    ``restrict(select)`` adds the caller's joins and conditions to a SELECT over
    ``SearchDocument``: what it filters out is never counted, shown or paged.
    """
    page = max(page, 1)
    terms = query_terms(text)
    if not terms:
        return SearchPage([], page, per_page, False, terms)
    build = _BACKENDS[db.session.get_bind().dialect.name]
    statement = build(kind, terms, restrict or (lambda s: s), per_page + 1, (page - 1) * per_page)
    rows = db.session.execute(statement).all()
    hits = [Hit(ref_id, highlighted(title), highlighted(body)) for ref_id, title, body in rows]
    return SearchPage(hits[:per_page], page, per_page, len(hits) > per_page, terms)


def _sqlite_match(terms: list[str]) -> str:
    """An FTS5 query: every word a quoted string (so no operator survives), ANDed."""
    quoted = ('"' + term.replace('"', '""') + '"' for term in terms)
    pairs = zip(quoted, terms, strict=True)
    return " ".join(q + "*" if len(t) >= MIN_PREFIX else q for q, t in pairs)


def _sqlite_statement(kind, terms, restrict, limit, offset):
    fts = table(FTS_TABLE, column("rowid", Integer))
    name = literal_column(FTS_TABLE)
    title = func.highlight(name, 0, START, STOP)
    body = func.snippet(name, 1, START, STOP, "…", SNIPPET_WORDS)
    statement = (
        select(SearchDocument.ref_id, title, body)
        .select_from(fts)
        .join(SearchDocument, SearchDocument.id == fts.c.rowid)
        .where(name.op("MATCH")(_sqlite_match(terms)), SearchDocument.kind == kind)
    )
    # FTS5 hands rows out in rowid order itself, so a page stops early instead of sorting.
    return restrict(statement).order_by(fts.c.rowid.desc()).limit(limit).offset(offset)


def _pg_query(terms: list[str]) -> str:
    """A ``to_tsquery`` text: every word a quoted lexeme (so no operator survives), ANDed."""
    lexemes = ("'" + term.replace("'", "''") + "'" for term in terms)
    pairs = zip(lexemes, terms, strict=True)
    return " & ".join(q + ":*" if len(t) >= MIN_PREFIX else q for q, t in pairs)


_PG_HEADLINE = f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS}, MinWords=8, '
_PG_HEADLINE += 'ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "'


def _pg_statement(kind, terms, restrict, limit, offset):
    simple = literal_column("'simple'")
    query = func.to_tsquery(simple, _pg_query(terms))
    ids = (
        restrict(
            select(SearchDocument.id).where(
                SearchDocument.kind == kind, literal_column(PG_VECTOR).op("@@")(query)
            )
        )
        .order_by(SearchDocument.id.desc())
        .limit(limit)
        .offset(offset)
        .cte("hits")
    )
    # Headlines are costly: they are made for this page's rows only, in the outer query.
    title = func.ts_headline(
        simple, SearchDocument.title, query, "HighlightAll=true, " + _PG_HEADLINE
    )
    body = func.ts_headline(simple, SearchDocument.body, query, _PG_HEADLINE)
    return (
        select(SearchDocument.ref_id, title, body)
        .join(ids, ids.c.id == SearchDocument.id)
        .order_by(SearchDocument.id.desc())
    )


_BACKENDS = {"sqlite": _sqlite_statement, "postgresql": _pg_statement}


def alembic_include_name(name: str | None, type_: str, parent_names) -> bool:
    """For Alembic's ``include_name``: skip what the search DDL makes outside the models (the
    FTS5 table and its shadow tables, the PostgreSQL expression index), which autogenerate
    would otherwise offer to drop."""
    return not (name or "").startswith(FTS_TABLE) and name != PG_INDEX
