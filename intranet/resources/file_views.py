"""Serving stored files, and publication certificates.

A file is found by its row id, and its bytes by the row's content address: nothing from the URL
reaches the filesystem. Downloads are ``attachment`` with the stored type; only images and PDF
previews are ``inline``. Every answer says ``nosniff`` and is private to the reader's cache.
Downloading is a POST (it counts), so a GET never changes anything.
"""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from flask_login import current_user

from ..accounts.permissions import require
from ..core.forms import first_submission, new_form_token
from ..extensions import db
from . import services
from .access import file_or_404, resource_or_404
from .filetypes import BY_NAME
from .forms import DownloadForm
from .storage import get_storage

#: What templates that list files call.
FILE_HELPERS = {"new_form_token": new_form_token, "file_types": BY_NAME}

#: A previewed file is a document of its own: it may show itself, and nothing else.
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'none'"


def send_stored(
    path, *, mimetype: str, name: str | None, attachment: bool, policy: str | None = None
):
    """A stored file with the headers every download has (``nosniff``, private, no cache);
    Lesson Study serves its plan files through it too."""
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=attachment,
        download_name=name,
        conditional=True,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    if policy:
        response.headers["Content-Security-Policy"] = policy
    return response


def _path(getter, key: str):
    try:
        return getter(key)
    except FileNotFoundError:
        abort(404)


def download_file(file_id: int):
    """The file as an attachment; a fresh form counts one download of an approved resource."""
    file, _resource = file_or_404(file_id)
    form = DownloadForm()
    if form.validate_on_submit() and first_submission(form):
        services.count_download(file)
        db.session.commit()
    path = _path(get_storage().path, file.storage_key)
    return send_stored(path, mimetype=file.mime_type, name=file.filename, attachment=True)


def preview_file(file_id: int):
    """Images and PDFs opened in the browser (inline); other types have no preview."""
    file, _resource = file_or_404(file_id)
    file_type = BY_NAME.get(file.file_type)
    if file_type is None or not file_type.previewable:
        abort(404)
    path = _path(get_storage().path, file.storage_key)
    return send_stored(
        path, mimetype=file_type.mime, name=file.filename, attachment=False, policy=PREVIEW_POLICY
    )


def file_thumbnail(file_id: int):
    file, _resource = file_or_404(file_id)
    if not file.has_thumbnail:
        abort(404)
    path = _path(get_storage().thumbnail_path, file.storage_key)
    return send_stored(
        path, mimetype="image/webp", name=None, attachment=False, policy=PREVIEW_POLICY
    )


def view_certificate(resource_id: int):
    """The printable publication certificate of an approved resource."""
    resource = resource_or_404(resource_id)
    require(current_user, "resources.view_certificate", resource)
    return render_template("resources/certificate.html", resource=resource)


def verify_certificate():
    """Public: whether a code belongs to a published resource, and nothing more."""
    code = (request.args.get("code") or "").strip()[:40]
    valid = services.verify_code(code) if code else None
    return render_template("resources/verify.html", code=code, valid=valid)
