"""User text: Markdown rendered once, when it is saved, then sanitised.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (Ammonia) then keeps only the
tags and attributes below, forces ``rel="noopener noreferrer nofollow"`` on links and allows only
http(s) and mailto URLs. The stored HTML is the only thing templates mark safe.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
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


def render_markdown(source: str) -> str:
    """Markdown source to sanitised HTML, ready to store beside the source."""
    html = _markdown.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def stored_html(html: str | None) -> Markup:
    """Mark HTML that ``render_markdown`` produced as safe for a template."""
    return Markup(html or "")
