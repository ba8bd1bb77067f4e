"""Command-line tasks: ``flask --app wsgi seed-demo [--scale N]`` and ``flask translate ...``."""

from __future__ import annotations

from contextlib import chdir
from datetime import timedelta

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask import Flask

from .config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"
#: The catalogs people write; ``kk_Latn`` is generated from ``kk`` (``write_latin_catalog``).
KEPT_CATALOGS = ("kk", "ru", "en")


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--scale", default=1, show_default=True, help="Multiply the demo data N times.")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
    def seed_demo_command(scale: int, if_empty: bool) -> None:
        """Build the demo network of DESIGN §7 (idempotent) and print the demo accounts."""
        from .demo import seed_demo

        report = seed_demo(scale=scale, only_if_empty=if_empty)
        for line in report:
            click.echo(line)

    @app.cli.command("purge-expired")
    @click.option("--days", default=30, show_default=True, help="Keep spent form tokens this long.")
    def purge_expired_command(days: int) -> None:
        """Delete spent one-time form tokens, used or expired password reset links, device
        sessions unused for longer than a remember-me cookie lasts, and upload leftovers of a
        worker killed mid-upload (older than a day)."""
        from .accounts.services import purge_finished_reset_links
        from .accounts.sessions import idle_limit, purge_idle_sessions
        from .core.forms import purge_spent_tokens
        from .extensions import db
        from .resources.storage import get_storage

        tokens = purge_spent_tokens(timedelta(days=days))
        links = purge_finished_reset_links()
        devices = purge_idle_sessions(idle_limit(app.config))
        db.session.commit()
        leftovers = get_storage().sweep_incoming(timedelta(days=1))
        click.echo(
            f"Removed {tokens} spent form tokens, {links} finished reset links, "
            f"{devices} idle device sessions and {leftovers} unfinished uploads."
        )

    app.cli.add_command(translate)


@click.group()
def translate() -> None:
    """Translation catalogs: extract, update and compile (kk, ru, en; kk_Latn from kk)."""


def _pybabel(*arguments: str) -> None:
    """Run a pybabel step in-process; a failed step stops the command with an error."""
    try:
        CommandLineInterface().run(["pybabel", *arguments])
    except SystemExit as exit_:
        if exit_.code:
            raise click.ClickException(f"pybabel {arguments[0]} failed") from exit_


@translate.command("update")
def translate_update() -> None:
    """Extract every message and merge it into each catalog; English msgstrs are filled in."""
    with chdir(PROJECT_ROOT):  # locations relative to the project, the same in every checkout
        _pybabel(
            "extract", "-F", str(PROJECT_ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
            "-k", "ngettext:1,2", "-k", "pgettext:1c,2", "-k", "npgettext:1c,2,3",
            "-k", "lazy_pgettext:1c,2", "-k", "_lp:1c,2",
            # Each message names the files that use it (not the lines, which move with every edit).
            "--add-location", "file", "--add-comments", "TRANSLATORS:", "--sort-output",
            "--project", "Zheli",
            "--copyright-holder", "Zheli developers", "-o", str(POT_FILE), ".",
            # Named, so pybabel walks templates/_macros too (its own default skips "_" folders).
            "--ignore-dirs", ".* ._ __pycache__",
        )  # fmt: skip
    for locale in KEPT_CATALOGS:
        _pybabel(
            "update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "-l", locale,
            "--no-fuzzy-matching", "--ignore-obsolete",
        )  # fmt: skip
    filled = fill_english_catalog()
    click.echo(f"English catalog: {filled} new messages copied from their source.")


@translate.command("compile")
def translate_compile() -> None:
    """Write the Kazakh Latin catalog from the Kazakh one, then compile every catalog into .mo
    files (both built, never committed)."""
    written = write_latin_catalog()
    click.echo(f"Kazakh Latin catalog: {written} messages transliterated from kk.")
    _pybabel("compile", "-f", "-d", str(TRANSLATIONS), "--statistics")


def write_latin_catalog() -> int:
    """``translations/kk_Latn/LC_MESSAGES/messages.po``: the Kazakh catalog with every msgstr in
    the 2021 Latin alphabet (``core.latin.transliterate_message``: placeholders, HTML and URLs
    kept). Returns the number of messages."""
    from .core.latin import transliterate_message
    from .core.latin_locale import LATIN_KAZAKH, register

    register()  # the catalog's locale, for its header and plural forms
    with (TRANSLATIONS / "kk" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="kk")
    catalog.locale = LATIN_KAZAKH
    catalog.header_comment = (
        "# Kazakh in the 2021 Latin alphabet, generated from translations/kk by\n"
        "# `flask --app wsgi translate compile` (intranet/core/latin.py): do not edit."
    )
    written = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, list | tuple):
            message.string = tuple(transliterate_message(form) for form in message.string)
        else:
            message.string = transliterate_message(message.string)
        written += 1
    target = TRANSLATIONS / LATIN_KAZAKH / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)
    return written


def fill_english_catalog() -> int:
    """The source strings are English: copy each empty English msgstr from its msgid."""
    path = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        source = tuple(message.id) if isinstance(message.id, list | tuple) else message.id
        present = all(message.string) if isinstance(source, tuple) else bool(message.string)
        if not present:
            message.string = source
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)
    return filled
