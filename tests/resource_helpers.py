"""Helpers for the resource library tests: posting an upload, looking at the store."""

from __future__ import annotations

import io
import os
from pathlib import Path

from flask import url_for

from intranet.demo.samples import pdf_bytes
from intranet.extensions import db
from intranet.resources.models import Resource, ResourceFile, ResourceVersion

TITLE = "Сыни ойлауды дамытатын сабақ жоспары"


def fields(**overrides) -> dict[str, object]:
    """A complete upload form without files."""
    data = {
        "form_token": os.urandom(12).hex(),
        "title": TITLE,
        "description": "Оқушылар **екі шешімді** салыстырады.",
        "subject": "kazakh",
        "grade_from": "5",
        "grade_to": "7",
        "language": "kk",
        "kind": "lesson_plan",
        "network_id": "0",
        "licence": "cc_by_4",
    }
    data.update(overrides)
    return data


def upload(client, files=None, url=None, headers=None, **overrides):
    """POST the upload form with ``files`` (a list of ``(bytes, name)``), a PDF by default."""
    if files is None:
        files = [(pdf_bytes(os.urandom(4).hex()), "сабақ.pdf")]
    data = fields(**overrides)
    data["files"] = [(io.BytesIO(content), name) for content, name in files]
    with client.application.test_request_context():
        target = url or url_for("resources.upload_resource")
    return client.post(target, data=data, content_type="multipart/form-data", headers=headers)


def stored_files(app) -> list[str]:
    """Every file under UPLOAD_DIR, the incoming folder included (relative paths)."""
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def row_counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Resource, ResourceVersion, ResourceFile)
    )


def latest_resource() -> Resource | None:
    return db.session.scalar(db.select(Resource).order_by(Resource.id.desc()).limit(1))
