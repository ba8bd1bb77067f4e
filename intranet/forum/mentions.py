"""@mentions and quotes in forum posts: the Markdown that writes them, and finding them again.

A mention is an ordinary Markdown link whose text starts with ``@`` and whose target is a
person's page: ``[@Gulzhan Abenova](/people/12)``. It renders through the normal pipeline (no
raw HTML), and at save time its text is replaced by the person's real name, so nobody can make a
mention look like someone else. A quote is a blockquote whose header links to the quoted post:
``> **Name** [#3](/forum/p/345):``. Mentions count outside blockquotes only and quotes inside
them, so quoting a post that mentions someone does not mention them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from markdown_it.token import Token
from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..core.markdown import parse_markdown, render_markdown
from ..extensions import db
from .access import reader_clause
from .models import Post, Thread

#: Link targets that make a mention and a quote. Tests check that ``url_for`` still builds them.
PERSON_HREF = re.compile(r"^/people/(\d+)$")
POST_HREF = re.compile(r"^/forum/p/(\d+)$")
#: More mentions than this in one post notify nobody beyond the first ones.
MAX_MENTIONS = 20
#: People offered by the @mention autocomplete.
MAX_CANDIDATES = 8

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&:\"'])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: every punctuation mark escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def mention_markdown(user: User) -> str:
    href = url_for("accounts.view_user", user_id=user.id)
    return f"[@{escape_markdown(user.display_name)}]({href})"


def quote_head(post, href: str | None = None) -> str:
    """The first line of a quote of ``post`` (a ``Post`` or a row of ``services.list_posts``);
    ``href`` is the post's URL when the caller has it."""
    name = post.author_name or _("Former member")
    href = href or url_for("forum.view_post", post_id=post.id)
    return f"> **{escape_markdown(name)}** [#{post.number}]({href}):"


def quote_markdown(post: Post) -> str:
    """The reply-box text that quotes ``post``: its header, then its text without the quotes
    it contained itself (a quote of a quote would notify their authors again)."""
    own_lines = [line for line in post.body.splitlines() if not line.lstrip().startswith(">")]
    lines = "\n".join(own_lines).strip().splitlines()
    body = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"{quote_head(post)}\n{body}\n\n"


def quotable_post(thread: Thread, post_id: int) -> Post | None:
    """A post of ``thread`` that is still shown, with its author, or None."""
    return db.session.scalar(
        db.select(Post)
        .where(
            Post.id == post_id,
            Post.thread_id == thread.id,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .options(joinedload(Post.author))
    )


# --- Finding mentions and quotes in a token stream --------------------------------------------


@dataclass
class _Link:
    depth: int  # how many blockquotes around it
    href: str
    children: list[Token]  # the parent's children
    start: int  # index of link_open
    end: int  # index of link_close

    @property
    def text(self) -> str:
        return "".join(t.content for t in self.children[self.start + 1 : self.end])


def _links(tokens: list[Token]) -> list[_Link]:
    found, depth = [], 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and token.children:
            children = token.children
            for index, child in enumerate(children):
                if child.type != "link_open":
                    continue
                end = next(
                    i for i in range(index + 1, len(children)) if children[i].type == "link_close"
                )
                found.append(_Link(depth, str(child.attrGet("href") or ""), children, index, end))
    return found


def _mention_id(link: _Link) -> int | None:
    match = PERSON_HREF.match(link.href)
    return int(match.group(1)) if match and link.text.startswith("@") else None


@dataclass
class References:
    mentioned: list[int] = field(default_factory=list)  # people, in order, no repeats
    quoted: list[int] = field(default_factory=list)  # post ids


def references(body: str) -> References:
    """Whom ``body`` mentions (outside quotes) and which posts it quotes (inside quotes)."""
    refs = References()
    for link in _links(parse_markdown(body)):
        person = _mention_id(link)
        if person is not None and link.depth == 0 and person not in refs.mentioned:
            refs.mentioned.append(person)
        quoted = POST_HREF.match(link.href)
        if quoted and link.depth > 0 and int(quoted.group(1)) not in refs.quoted:
            refs.quoted.append(int(quoted.group(1)))
    refs.mentioned = refs.mentioned[:MAX_MENTIONS]
    return refs


def _use_real_names(tokens: list[Token]) -> None:
    mentions = [(link, _mention_id(link)) for link in _links(tokens)]
    mentions = [(link, person) for link, person in mentions if person is not None]
    if not mentions:
        return
    ids = {person for _link, person in mentions}
    query = db.select(User.id, User.full_name).where(User.id.in_(ids))
    names = {user_id: name for user_id, name in db.session.execute(query)}
    # Replace from the last link backwards so the indexes of earlier ones stay right.
    for link, person in sorted(mentions, key=lambda item: -item[0].start):
        if names.get(person):
            text = Token("text", "", 0, content=f"@{names[person]}")
            link.children[link.start + 1 : link.end] = [text]


def render_body(body: str) -> str:
    """A post's Markdown to stored HTML, with every mention showing the person's real name."""
    return render_markdown(body, transform=_use_real_names)


# --- Whom to offer ----------------------------------------------------------------------------


def _contains_text(column, word: str):
    """Case-insensitive ``contains``, also for Cyrillic on SQLite (whose ``lower`` is ASCII)."""
    return or_(
        column.icontains(word, autoescape=True),
        column.contains(word.lower(), autoescape=True),
        column.contains(word.capitalize(), autoescape=True),
    )


def candidates(thread: Thread, viewer, text: str) -> list[User]:
    """People who may read ``thread`` and whose name contains every typed word."""
    words = text.split()[:3]
    if not words:
        return []
    query = db.select(User).where(reader_clause(thread.category), User.id != viewer.id)
    for word in words:
        query = query.where(_contains_text(User.full_name, word[:40]))
    return list(db.session.scalars(query.order_by(User.full_name, User.id).limit(MAX_CANDIDATES)))


def readers_among(thread: Thread, user_ids) -> set[int]:
    """Those of ``user_ids`` who may read ``thread`` now."""
    ids = set(user_ids)
    if not ids:
        return set()
    query = db.select(User.id).where(User.id.in_(ids), reader_clause(thread.category))
    return set(db.session.scalars(query))
