"""Translation commands: the English catalog is filled from its source strings."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from intranet import commands


def test_english_catalog_is_filled_from_source(tmp_path, monkeypatch):
    catalog_dir = tmp_path / "en" / "LC_MESSAGES"
    catalog_dir.mkdir(parents=True)
    catalog = Catalog(locale="en")
    catalog.add("Sign in")
    catalog.add(("%(num)d school", "%(num)d schools"))
    catalog.add("Kept", string="Kept as written")
    with (catalog_dir / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(commands, "TRANSLATIONS", tmp_path)

    assert commands.fill_english_catalog() == 2

    with (catalog_dir / "messages.po").open("rb") as handle:
        filled = {message.id if isinstance(message.id, str) else message.id[0]: message.string
                  for message in read_po(handle) if message.id}  # fmt: skip
    assert filled["Sign in"] == "Sign in"
    assert tuple(filled["%(num)d school"]) == ("%(num)d school", "%(num)d schools")
    assert filled["Kept"] == "Kept as written"


def test_compile_command_builds_every_catalog(app):
    result = app.test_cli_runner().invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    for locale in ("kk", "ru", "en"):
        assert (commands.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").stat().st_size > 0
