"""The Alembic migrations build exactly the schema the models describe, from an empty database,
and `downgrade base` undoes them."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from intranet import create_app
from intranet.core.search import alembic_include_name
from intranet.extensions import db


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database of its own: a new SQLite file, or a new PostgreSQL database dropped after."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"zheli_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_match_the_models(base_config, empty_database_url):
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_name": alembic_include_name,
                },
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_upgrading_a_database_with_posts_keeps_them_and_makes_them_searchable(
    base_config, empty_database_url
):
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0001")
        statements = [
            "INSERT INTO region (id, name) VALUES (1, 'Қостанай облысы')",
            "INSERT INTO district (id, region_id, name) VALUES (1, 1, 'Қостанай ауданы')",
            "INSERT INTO school (id, number, name, district_id, is_rural, instruction_language,"
            " search_key, archived) VALUES (1, '', 'Заречный орта мектебі', 1, TRUE, 'kk', '',"
            " FALSE)",
            'INSERT INTO "user" (id, email, password_hash, full_name, school_id, subject,'
            " level_certificate, locale, role, status, created_at, rejection_reason,"
            " session_token) VALUES (1, 'a@example.kz', 'x', 'Ерлан', 1, '', 'none', 'kk',"
            " 'teacher', 'active', CURRENT_TIMESTAMP, '', 'session-token-1')",
            "INSERT INTO forum_category (id, title, description, position, archived, created_at)"
            " VALUES (1, 'Жалпы', '', 0, FALSE, CURRENT_TIMESTAMP)",
            "INSERT INTO forum_thread (id, category_id, title, author_id, created_at,"
            " last_post_at, post_count, pinned, locked) VALUES (1, 1, 'Сыни ойлау', 1,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, FALSE, FALSE)",
            "INSERT INTO forum_post (id, thread_id, number, author_id, body, body_html,"
            " hidden_reason, created_at) VALUES (1, 1, 1, 1, 'Сабақта сұрақ қоямыз',"
            " '<p>Сабақта сұрақ қоямыз</p>', '', CURRENT_TIMESTAMP)",
        ]
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

        upgrade()

        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM forum_post")).scalar() == 1
            follows = connection.execute(
                text("SELECT user_id, thread_id, following FROM forum_thread_follow")
            ).all()
            assert [tuple(row[:2]) for row in follows] == [(1, 1)] and follows[0][2]
            counted = "SELECT thread_count FROM forum_category WHERE id = 1"
            assert connection.execute(text(counted)).scalar() == 1  # filled by 0010
        from intranet.core.search import search

        hits = search("forum_post", "сабақ").hits
        assert [hit.ref_id for hit in hits] == [1]
        db.session.remove()
        db.engine.dispose()


def test_upgrading_gives_existing_documents_their_stems(base_config, empty_database_url):
    """0014 indexes the stems of documents written before it, and its downgrade gives back the
    index of words alone."""
    from intranet.core.search import search

    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0013")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO search_document (kind, ref_id, title, body) VALUES "
                    "('forum_post', 7, 'Жаңа оқу жылы', 'Біздің мектебімізде оқу басталды.')"
                )
            )
        upgrade()
        hits = search("forum_post", "мектеп").hits
        assert [hit.ref_id for hit in hits] == [7]
        assert "<mark>мектебімізде</mark>" in hits[0].snippet
        db.session.remove()
        downgrade(revision="0013")
        with db.engine.connect() as connection:
            columns = {
                column["name"] for column in inspect(connection).get_columns("search_document")
            }
        assert "stems" not in columns
        upgrade()
        assert [hit.ref_id for hit in search("forum_post", "мектептерде").hits] == [7]
        db.session.remove()
        db.engine.dispose()
