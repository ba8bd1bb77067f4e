"""Forum search: every post is a search document (``core.search``), and a search returns only
posts the reader may see.

Documents follow the posts through ORM events, so every way of writing a post (services, demo
data, later features) keeps the index in step without remembering to: a new post is indexed
when it is inserted, an edited one when its ``body_html`` changes, and a thread's title, which
belongs to its first post's document, when the thread is renamed. Hidden and deleted posts stay
in the index and are filtered out at query time, so hiding, unhiding and deleting need nothing
here. Rows written by bulk ``INSERT`` statements (benchmarks, migrations) are indexed with
``rebuild_index``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import event, inspect
from sqlalchemy.orm import joinedload

from ..core import search as core_search
from ..core.search import SearchDocument, SearchPage, plain_text
from ..extensions import db
from .models import Post, Thread
from .services import visible_category_ids

KIND = "forum_post"
#: Results on one page of the search.
RESULTS_PER_PAGE = 10


@dataclass
class Result:
    """A post found, with its highlighted thread title (if the title matched) and snippet."""

    post: Post
    title: Markup
    snippet: Markup


def search_posts(user, text: str, page: int) -> tuple[SearchPage, list[Result]]:
    """Visible, neither hidden nor deleted posts holding every word of ``text``, newest first.

    Two queries whatever the size of the forum: the search itself, then the page's posts with
    their threads, categories and authors.
    """

    def restrict(statement):
        return (
            statement.join(Post, Post.id == SearchDocument.ref_id)
            .join(Thread, Thread.id == Post.thread_id)
            .where(
                Post.hidden_at.is_(None),
                Post.deleted_at.is_(None),
                Thread.category_id.in_(visible_category_ids(user)),
            )
        )

    found = core_search.search(KIND, text, restrict=restrict, page=page, per_page=RESULTS_PER_PAGE)
    if not found.hits:
        return found, []
    posts = {
        post.id: post
        for post in db.session.scalars(
            db.select(Post)
            .where(Post.id.in_([hit.ref_id for hit in found.hits]))
            .options(joinedload(Post.thread), joinedload(Post.author))
        )
    }
    results = [
        Result(posts[hit.ref_id], hit.title, hit.snippet)
        for hit in found.hits
        if hit.ref_id in posts
    ]
    return found, results


def _title_of(connection, post) -> str:
    if post.number != 1:
        return ""
    title = connection.scalar(db.select(Thread.title).where(Thread.id == post.thread_id))
    return title or ""


def _index_post(connection, post: Post) -> None:
    core_search.save_document(
        connection,
        KIND,
        post.id,
        title=_title_of(connection, post),
        body=plain_text(post.body_html),
    )


@event.listens_for(Post, "after_insert")
def _index_new_post(_mapper, connection, post: Post) -> None:
    _index_post(connection, post)


@event.listens_for(Post, "after_update")
def _index_edited_post(_mapper, connection, post: Post) -> None:
    if inspect(post).attrs.body_html.history.has_changes():
        _index_post(connection, post)


@event.listens_for(Thread, "after_update")
def _index_renamed_thread(_mapper, connection, thread: Thread) -> None:
    if thread.first_post_id and inspect(thread).attrs.title.history.has_changes():
        core_search.set_document_title(connection, KIND, thread.first_post_id, thread.title)


def rebuild_index(batch: int = 2000) -> int:
    """Index every post again (after a bulk load or a migration); returns how many."""
    connection = db.session.connection()
    connection.execute(SearchDocument.__table__.delete().where(SearchDocument.kind == KIND))
    rows = db.session.execute(
        db.select(Post.id, Post.number, Post.body_html, Thread.title)
        .join(Thread, Thread.id == Post.thread_id)
        .order_by(Post.id)
        .execution_options(yield_per=batch)
    )
    done = 0
    for chunk in rows.partitions():
        connection.execute(
            SearchDocument.__table__.insert(),
            [
                {
                    "kind": KIND,
                    "ref_id": post_id,
                    **core_search.document_values(title if number == 1 else "", plain_text(html)),
                }
                for post_id, number, html, title in chunk
            ],
        )
        done += len(chunk)
    db.session.flush()
    return done
