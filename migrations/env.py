"""Alembic environment for Flask-Migrate: the app's engine and metadata, batch mode for SQLite
(with foreign keys off while it rebuilds tables)."""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app

from intranet.core.search import alembic_include_name

config = context.config
fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline():
    """Emit SQL to stdout instead of running it (`flask db upgrade --sql`)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    # The search index lives outside the models (FTS5 tables, an expression index).
    conf_args.setdefault("include_name", alembic_include_name)

    with db.engine.connect() as connection, foreign_keys_off_on_sqlite(connection):
        context.configure(connection=connection, target_metadata=db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


@contextmanager
def foreign_keys_off_on_sqlite(connection):
    """SQLite's procedure for changing a table it cannot ALTER (what batch mode does): foreign
    keys off, rebuild, check, foreign keys on (https://www.sqlite.org/lang_altertable.html).
    With them on (``core.db`` turns them on for every connection), dropping the old ``user``
    table would fire the ON DELETE actions of every table that references it. The pragma only
    takes effect outside a transaction, so it goes straight to the driver (in autocommit mode,
    see ``core.db``) before Alembic begins one, and after it has ended; rows left pointing
    nowhere are logged as errors."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:  # the migrations are committed by now: say so loudly, undo nothing
            logger.error("Rows with dangling references after the upgrade: %s", broken[:20])
    finally:
        connection.rollback()
        driver.execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
