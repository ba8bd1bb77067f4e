"""Serving stored files, and publication certificates.

A file is found by its row id, and its bytes by the row's content address: nothing from the URL
reaches the filesystem. Downloads are ``attachment`` with the type detected at upload, named
with that type's extension (``filetypes.download_name``: a PDF leaves as ``….pdf`` whatever
its uploader typed, rows stored before that rule included); only image previews are
``inline`` (a PDF viewer runs inside the site's origin, and phones download PDFs anyway).
Every answer says ``nosniff`` and is private to the reader's cache. Downloading is a POST (it
counts), so a GET never changes anything.
"""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import perform
from ..core.forms import new_form_token
from ..core.params import search_arg
from . import services
from .access import file_or_404, resource_or_404
from .filetypes import BY_NAME, WEBP, download_name
from .forms import DownloadForm
from .storage import get_storage, send_stored

#: What templates that list files call.
FILE_HELPERS = {
    "new_form_token": new_form_token,
    "file_types": BY_NAME,
    "download_name": download_name,
}

#: A previewed image is a document of its own: it may show itself, and nothing else.
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; frame-ancestors 'none'"


def _path(getter, key: str):
    try:
        return getter(key)
    except FileNotFoundError:
        abort(404)


def download_file(file_id: int):
    """The file as an attachment; a fresh form counts one download of an approved resource."""
    file, _resource = file_or_404(file_id)
    perform(DownloadForm(), lambda: services.count_download(file))
    path = _path(get_storage().path, file.storage_key)
    return send_stored(
        path, file_type=BY_NAME.get(file.file_type), name=file.filename, attachment=True
    )


def preview_file(file_id: int):
    """Images opened in the browser (inline); other types have no preview."""
    file, _resource = file_or_404(file_id)
    file_type = BY_NAME.get(file.file_type)
    if file_type is None or not file_type.previewable:
        abort(404)
    path = _path(get_storage().path, file.storage_key)
    return send_stored(
        path, file_type=file_type, name=file.filename, attachment=False, policy=PREVIEW_POLICY
    )


def file_thumbnail(file_id: int):
    file, _resource = file_or_404(file_id)
    if not file.has_thumbnail:
        abort(404)
    path = _path(get_storage().thumbnail_path, file.storage_key)
    return send_stored(path, file_type=WEBP, name=None, attachment=False, policy=PREVIEW_POLICY)


def view_certificate(resource_id: int):
    """The printable publication certificate of an approved resource."""
    resource = resource_or_404(resource_id)
    require(current_user, "resources.view_certificate", resource)
    return render_template("resources/certificate.html", resource=resource)


def verify_certificate():
    """Public: whether a code belongs to a published resource, and nothing more."""
    code = search_arg("code", 40)
    valid = services.verify_code(code) if code else None
    return render_template("resources/verify.html", code=code, valid=valid)
