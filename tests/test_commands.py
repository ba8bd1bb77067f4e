"""Translation commands: the English catalog is filled from its source strings, the Kazakh
Latin one written from the Kazakh one; and the purge of spent rows."""

from __future__ import annotations

import os
import time
from pathlib import Path

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
    for locale in ("kk", "kk_Latn", "ru", "en"):
        assert (commands.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").stat().st_size > 0


def test_the_kazakh_latin_catalog_is_written_from_the_kazakh_one(tmp_path, monkeypatch):
    kazakh_dir = tmp_path / "kk" / "LC_MESSAGES"
    kazakh_dir.mkdir(parents=True)
    catalog = Catalog(locale="kk")
    catalog.add("Sign in", string="Кіру")
    catalog.add(("%(num)d school", "%(num)d schools"), string=("%(num)d мектеп", "%(num)d мектеп"))
    catalog.add("Close", string="Жабу", context="thread")
    catalog.add("<b>%(name)s</b> wrote", string="<b>%(name)s</b> жазды")
    with (kazakh_dir / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(commands, "TRANSLATIONS", tmp_path)

    assert commands.write_latin_catalog() == 4

    with (tmp_path / "kk_Latn" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        latin = read_po(handle)
    assert str(latin.locale) == "kk_Latn"
    assert latin.get("Sign in").string == "Kıru"
    assert tuple(latin.get(("%(num)d school", "%(num)d schools")).string) == (
        "%(num)d mektep",
        "%(num)d mektep",
    )
    assert latin.get("Close", context="thread").string == "Jabu"
    assert latin.get("<b>%(name)s</b> wrote").string == "<b>%(name)s</b> jazdy"


def test_purge_removes_only_what_can_never_be_used_again(app, factory):
    from datetime import timedelta

    from intranet.accounts.models import DeviceSession, PasswordResetLink
    from intranet.core.db import utcnow
    from intranet.core.models import UsedFormToken
    from intranet.extensions import db

    user = factory.user()
    now = utcnow()
    db.session.add_all(
        [
            UsedFormToken(token="old-token-0123456789", used_at=now - timedelta(days=40)),
            UsedFormToken(token="new-token-0123456789", used_at=now - timedelta(days=1)),
            PasswordResetLink(token_hash="a" * 64, user_id=user.id, expires_at=now - timedelta(1)),
            PasswordResetLink(token_hash="b" * 64, user_id=user.id, expires_at=now + timedelta(1)),
            PasswordResetLink(
                token_hash="c" * 64, user_id=user.id, expires_at=now + timedelta(1), used_at=now
            ),
            DeviceSession(key_hash="d" * 64, user_id=user.id, last_used_at=now - timedelta(40)),
            DeviceSession(key_hash="e" * 64, user_id=user.id, last_used_at=now - timedelta(1)),
        ]
    )
    db.session.commit()
    # What a worker killed mid-upload leaves behind, and an upload going on right now.
    incoming = Path(app.config["UPLOAD_DIR"]) / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    stale, current = incoming / "up-stale.part", incoming / "up-current.part"
    stale.write_bytes(b"%PDF-1.7 cut short")
    current.write_bytes(b"%PDF-1.7 arriving")
    # The file system stamps files with the machine's real time, not the suite's clock.
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    os.utime(current, (time.time(), time.time()))

    result = app.test_cli_runner().invoke(args=["purge-expired"])

    assert result.exit_code == 0, result.output
    assert (
        "Removed 1 spent form tokens, 2 finished reset links, 1 idle device sessions"
        " and 1 unfinished uploads." in result.output
    )
    assert not stale.exists() and current.exists()
    current.unlink()
    assert db.session.scalars(db.select(UsedFormToken.token)).all() == ["new-token-0123456789"]
    assert db.session.scalars(db.select(PasswordResetLink.token_hash)).all() == ["b" * 64]
    assert db.session.scalars(db.select(DeviceSession.key_hash)).all() == ["e" * 64]
