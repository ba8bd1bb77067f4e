"""Search: the stems of Kazakh and Russian words indexed beside the words

«мектеп» did not find «мектебімізде», nor «Оқушыларға» «Оқушыларымызға» (issue #17). Every search
document now keeps the stems of its words (``intranet.core.stemming``) in ``stems``, which the
FTS5 table (SQLite) and the GIN expression index (PostgreSQL) cover beside title and body. Both
are made again with the new column, and every existing document gets its stems, so an upgraded
database finds word forms at once.

The search DDL is written out here as ``intranet/core/search.py`` has it at this revision (and
as 0002 had it, for the downgrade), so that later changes there do not change this migration.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 16:30:00

"""
from alembic import op
import sqlalchemy as sa

from intranet.core.stemming import text_stems


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

FTS = "search_document_fts"
TRIGGERS = ("search_document_ai", "search_document_ad", "search_document_au")
PG_INDEX = "ix_search_document_tsv"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, body, stems, "
    "content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS}(rowid, title, body, stems) "
    "VALUES (new.id, new.title, new.body, new.stems); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); "
    f"INSERT INTO {FTS}(rowid, title, body, stems) "
    "VALUES (new.id, new.title, new.body, new.stems); END",
)
POSTGRESQL_DDL = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_document USING gin ("
    "(setweight(to_tsvector('simple', title || ' ' || body), 'A')"
    " || setweight(to_tsvector('simple', stems), 'B')))",
)

OLD_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, body, "
    "content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
OLD_POSTGRESQL_DDL = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_document "
    "USING gin (to_tsvector('simple', title || ' ' || body))",
)

#: Documents read and written at a time.
BATCH = 2_000


def upgrade():
    _drop_search_index()
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stems", sa.Text(), server_default="", nullable=False))
    _fill_stems()
    _create_search_index(SQLITE_DDL, POSTGRESQL_DDL)


def downgrade():
    _drop_search_index()
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_column("stems")
    _create_search_index(OLD_SQLITE_DDL, OLD_POSTGRESQL_DDL)


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_search_index():
    if _is_sqlite():
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def _create_search_index(sqlite_ddl, postgresql_ddl):
    """Make the index again; on SQLite, fill the FTS5 table from the documents ("rebuild")."""
    for statement in sqlite_ddl if _is_sqlite() else postgresql_ddl:
        op.execute(statement)
    if _is_sqlite():
        op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def _fill_stems():
    """The stems of every document's title and body, a batch of documents at a time."""
    documents = sa.table(
        "search_document",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("body", sa.Text),
        sa.column("stems", sa.Text),
    )
    connection = op.get_bind()
    update = (
        documents.update()
        .where(documents.c.id == sa.bindparam("document_id"))
        .values(stems=sa.bindparam("document_stems"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.title, documents.c.body)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update,
            [
                {"document_id": id_, "document_stems": text_stems(title, body)}
                for id_, title, body in rows
            ],
        )
        last = rows[-1][0]
