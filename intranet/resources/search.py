"""The library's listing: approved resources, filtered, sorted, paged; with words, full-text
search through ``core.search`` (document kind ``"resource"``).

Only approved resources are documents: ``decide`` indexes a resource when it is approved and
removes it otherwise, so a search never sees pending or rejected work. Filters are columns of
``resource`` itself; a page is one query for the rows (one more than shown, for "next") plus
one for their authors and schools, whatever the size of the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy.orm import joinedload

from ..core import search as core_search
from ..core.search import SearchDocument, plain_text
from ..extensions import db
from .models import Resource, ResourceStatus

KIND = "resource"
PER_PAGE = 20
SORTS = ("new", "popular")


@dataclass
class Filters:
    q: str = ""
    subject: str | None = None
    grade: int | None = None
    language: str | None = None
    kind: str | None = None
    school_id: int | None = None
    network_id: int | None = None
    sort: str = "new"


@dataclass
class Listing:
    resources: list[Resource]
    page: int
    has_next: bool
    snippets: dict[int, Markup] = field(default_factory=dict)
    titles: dict[int, Markup] = field(default_factory=dict)
    searched: bool = False

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def index(resource: Resource) -> None:
    core_search.save_document(
        db.session.connection(),
        KIND,
        resource.id,
        title=resource.title,
        body=plain_text(resource.description_html),
    )


def unindex(resource: Resource) -> None:
    core_search.remove_document(db.session.connection(), KIND, resource.id)


def _filtered(statement, filters: Filters, scope):
    # The library lists the published resources among those the reader may see (``scope``):
    # their own pending work is on their uploads page, the reviewers' in the queue.
    statement = statement.where(scope.clause(), Resource.status == ResourceStatus.APPROVED)
    if filters.subject:
        statement = statement.where(Resource.subject == filters.subject)
    if filters.grade:
        statement = statement.where(
            Resource.grade_from <= filters.grade, Resource.grade_to >= filters.grade
        )
    if filters.language:
        statement = statement.where(Resource.language == filters.language)
    if filters.kind:
        statement = statement.where(Resource.kind == filters.kind)
    if filters.school_id:
        statement = statement.where(Resource.school_id == filters.school_id)
    if filters.network_id:
        statement = statement.where(Resource.network_id == filters.network_id)
    return statement


def _with_people(ids: list[int]) -> dict[int, Resource]:
    if not ids:
        return {}
    rows = db.session.scalars(
        db.select(Resource)
        .where(Resource.id.in_(ids))
        .options(joinedload(Resource.author), joinedload(Resource.school))
    )
    return {resource.id: resource for resource in rows}


def library(filters: Filters, page: int, scope) -> Listing:
    """One page of the library that ``scope`` (``access.ResourceScope``) lets the reader see.
    With words, the order is the search's (newest first)."""
    page = max(page, 1)
    if core_search.query_terms(filters.q):
        found = core_search.search(
            KIND,
            filters.q,
            restrict=lambda s: _filtered(
                s.join(Resource, Resource.id == SearchDocument.ref_id), filters, scope
            ),
            page=page,
            per_page=PER_PAGE,
        )
        loaded = _with_people([hit.ref_id for hit in found.hits])
        resources = [loaded[hit.ref_id] for hit in found.hits if hit.ref_id in loaded]
        snippets = {hit.ref_id: hit.snippet for hit in found.hits}
        titles = {hit.ref_id: hit.title for hit in found.hits if hit.title}
        return Listing(resources, page, found.has_next, snippets, titles, searched=True)
    order = (
        (Resource.download_count.desc(), Resource.id.desc())
        if filters.sort == "popular"
        else (Resource.published_at.desc(), Resource.id.desc())
    )
    ids = list(
        db.session.scalars(
            _filtered(db.select(Resource.id), filters, scope)
            .order_by(*order)
            .limit(PER_PAGE + 1)
            .offset((page - 1) * PER_PAGE)
        )
    )
    loaded = _with_people(ids[:PER_PAGE])
    return Listing([loaded[i] for i in ids[:PER_PAGE] if i in loaded], page, len(ids) > PER_PAGE)


def rebuild_index() -> int:
    """Index every approved resource again (after a bulk load); returns how many."""
    connection = db.session.connection()
    connection.execute(SearchDocument.__table__.delete().where(SearchDocument.kind == KIND))
    rows = db.session.execute(
        db.select(Resource.id, Resource.title, Resource.description_html).where(
            Resource.status == ResourceStatus.APPROVED
        )
    ).all()
    if rows:
        connection.execute(
            SearchDocument.__table__.insert(),
            [
                {
                    "kind": KIND,
                    "ref_id": ref_id,
                    **core_search.document_values(title, plain_text(html)),
                }
                for ref_id, title, html in rows
            ],
        )
    return len(rows)
