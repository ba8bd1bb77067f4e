"""Resource library pages: the library, a resource, uploading and revising, one's own uploads.

The review queue lives in ``review_views.py``, files and certificates in ``file_views.py``;
their functions are registered here so the blueprint is defined once. Everything is for signed
in members except the public certificate check.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.htmx import hx_redirect, render_page_or_fragment, wants_fragment
from ..core.navigation import requested_page
from ..core.params import int_arg, search_text
from ..core.signin import members_only
from ..extensions import db
from ..network.models import Network
from ..notifications.services import register_target
from . import file_views, review_views, services
from .access import resource_or_404, scope_for
from .forms import ResourceForm, ReviseForm
from .models import ResourceKind, ResourceLanguage, Subject
from .search import SORTS, Filters, library
from .storage import MAX_FILES_PER_UPLOAD, allow_several_files, max_file_bytes

bp = Blueprint("resources", __name__, url_prefix="/resources")

# An intranet: all but the certificate check needs an approved account.
members_only(bp, public={"resources.verify_certificate"})


def _networks() -> list[Network]:
    return list(
        db.session.scalars(
            db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
        )
    )


def _choice(value: str | None, allowed) -> str | None:
    return value if value in {member.value for member in allowed} else None


def _filters() -> Filters:
    args = request.args
    return Filters(
        q=search_text(args.get("q")),
        subject=_choice(args.get("subject"), Subject),
        grade=int_arg("grade", high=11),
        language=_choice(args.get("language"), ResourceLanguage),
        kind=_choice(args.get("kind"), ResourceKind),
        school_id=int_arg("school"),
        network_id=int_arg("network"),
        sort=args.get("sort") if args.get("sort") in SORTS else "new",
    )


@bp.get("/")
def list_resources():
    filters = _filters()
    listing = library(filters, requested_page(), scope_for(current_user))
    return render_page_or_fragment(
        "resources/library.html",
        "resources/_results.html",
        listing=listing,
        filters=filters,
        networks=_networks(),
        subjects=list(Subject),
        languages=list(ResourceLanguage),
        kinds=list(ResourceKind),
        sorts=SORTS,
    )


@bp.get("/<int:resource_id>")
def view_resource(resource_id: int):
    resource = resource_or_404(resource_id)
    files = services.current_files([resource])[resource.id]
    versions, decisions = services.history_of(resource)
    return render_template(
        "resources/resource.html",
        resource=resource,
        files=files,
        versions=versions,
        decisions=decisions,
        can_revise=can(current_user, "resources.revise", resource),
        can_certificate=can(current_user, "resources.view_certificate", resource),
        **file_views.FILE_HELPERS,
    )


def _metadata(form: ResourceForm) -> services.Metadata:
    return services.Metadata(
        title=form.title.data,
        description=form.description.data or "",
        subject=Subject(form.subject.data),
        grade_from=form.grade_from.data,
        grade_to=form.grade_to.data,
        language=ResourceLanguage(form.language.data),
        kind=ResourceKind(form.kind.data),
        licence=services.Licence(form.licence.data),
        network_id=form.network_id.data or None,
    )


def _uploads() -> list[services.Upload]:
    return [
        services.Upload(stream=item, filename=item.filename)
        for item in request.files.getlist("files")
        if item.filename
    ]


def _done(url: str):
    """After a successful upload: htmx navigates to the page, a browser is redirected."""
    return hx_redirect(url) if wants_fragment() else redirect(url)


def _tell_known(result: services.Submitted) -> None:
    """Name the files the library had already. One file or several is a matter of meaning, not
    of a number's grammar (Russian's "one" form also serves 21 files): two sentences."""
    known = result.known_files
    if len(known) == 1:
        flash(
            _(
                "The library already has the file %(name)s: it is kept once and shared.",
                name=known[0],
            ),
            "info",
        )
    elif known:
        flash(
            _(
                "The library already has these files: %(names)s. They are kept once and shared.",
                names=", ".join(known),
            ),
            "info",
        )


def _form_page(template: str, form, **context):
    return render_page_or_fragment(
        template,
        "resources/_upload_form.html",
        form=form,
        max_mb=current_app.config["MAX_UPLOAD_MB"],
        max_bytes=max_file_bytes(),
        max_files=MAX_FILES_PER_UPLOAD,
        **context,
    )


def upload_resource():
    require(current_user, "resources.upload")
    form = ResourceForm(networks=_networks())
    outcome, result = perform(
        form, lambda: services.submit_resource(current_user, _metadata(form), _uploads())
    )
    if outcome is Outcome.REPEATED:
        return _done(url_for(".my_resources"))
    if outcome is Outcome.DONE:
        flash(_("Thank you. The resource waits for a moderator's review."), "success")
        _tell_known(result)
        return _done(url_for(".view_resource", resource_id=result.resource.id))
    return _form_page("resources/upload.html", form, action=url_for(".upload_resource"))


def revise_resource(resource_id: int):
    resource = resource_or_404(resource_id)
    require(current_user, "resources.revise", resource)
    form = ReviseForm(obj=resource if request.method == "GET" else None, networks=_networks())
    if request.method == "GET" and resource.network_id is None:
        form.network_id.data = 0
    performed = perform(
        form,
        lambda: services.revise_resource(
            resource, current_user, _metadata(form), _uploads(), form.note.data or ""
        ),
    )
    if performed.outcome is Outcome.REPEATED:
        return _done(url_for(".view_resource", resource_id=resource_id))
    if performed.outcome is Outcome.DONE:
        flash(_("The new version waits for a moderator's review."), "success")
        _tell_known(performed.result)
        return _done(url_for(".view_resource", resource_id=resource_id))
    if performed.refusal is not None:
        resource = resource_or_404(resource_id)  # the rollback expired it
    return _form_page(
        "resources/revise.html",
        form,
        resource=resource,
        action=url_for(".revise_resource", resource_id=resource_id),
    )


@bp.get("/mine")
def my_resources():
    page = requested_page()
    rows, has_next = services.own_resources(current_user, page)
    return render_template("resources/mine.html", rows=rows, page=page, has_next=has_next)


_ROUTES = [
    ("/new", upload_resource, ["GET", "POST"]),
    ("/<int:resource_id>/revise", revise_resource, ["GET", "POST"]),
    ("/review", review_views.review_queue, ["GET"]),
    ("/review/<int:resource_id>", review_views.decide_resource, ["POST"]),
    ("/files/<int:file_id>/download", file_views.download_file, ["POST"]),
    ("/files/<int:file_id>/view", file_views.preview_file, ["GET"]),
    ("/files/<int:file_id>/thumbnail", file_views.file_thumbnail, ["GET"]),
    ("/<int:resource_id>/certificate", file_views.view_certificate, ["GET"]),
    ("/verify", file_views.verify_certificate, ["GET"]),
]
for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)

register_target(
    "resource", lambda resource_id: url_for("resources.view_resource", resource_id=resource_id)
)
allow_several_files("resources.upload_resource")
allow_several_files("resources.revise_resource")
