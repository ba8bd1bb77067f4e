"""User text: Markdown rendered once, when it is saved, then sanitised.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (Ammonia) then keeps only the
tags and attributes below, forces ``rel="noopener noreferrer nofollow"`` on links and allows only
http(s) and mailto URLs. The stored HTML is the only thing templates mark safe. Headings are
ranked under the page's own ``h1`` (``_rank_headings``).
"""

from __future__ import annotations

from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def parse_markdown(source: str) -> list[Token]:
    """The token stream of ``source``, for code that looks for links (mentions, quotes)."""
    return _markdown.parse(source or "")


def render_markdown(source: str, transform: Callable[[list[Token]], None] | None = None) -> str:
    """Markdown source to sanitised HTML, ready to store beside the source.

    ``transform`` may change the parsed tokens before they are rendered (the forum rewrites
    @mentions to the person's current name); whatever it does, nh3 still cleans the result.
    """
    tokens = parse_markdown(source)
    _rank_headings(tokens)
    if transform is not None:
        transform(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_own_images_only,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def _rank_headings(tokens: list[Token]) -> None:
    """User text sits under the page's own ``h1``: the highest heading level a text uses becomes
    ``h2``, the next one ``h3``, and so on, none skipped (a page's headings go down one level at
    a time, which screen readers navigate by). ``#`` and ``###`` alone become ``h2`` and ``h3``.
    """
    levels = sorted({token.tag for token in tokens if token.type == "heading_open"})
    ranked = {tag: f"h{min(2 + rank, 6)}" for rank, tag in enumerate(levels)}
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = ranked[token.tag]


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Images come from this site's own uploads only: an outside image would tell another
    server who reads the page (and costs a rural phone the bytes)."""
    if tag == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def stored_html(html: str | None) -> Markup:
    """Mark HTML that ``render_markdown`` produced as safe for a template."""
    return Markup(html or "")
