"""The forum search page: a GET form that works without JavaScript; with htmx the results
update as the reader types (and the address follows, so Back and reload work)."""

from __future__ import annotations

from flask_login import current_user

from ..core.htmx import render_page_or_fragment
from ..core.navigation import requested_page
from ..core.params import search_arg
from .search import search_posts


def search():
    query = search_arg("q")
    found, results = search_posts(current_user, query, requested_page())
    return render_page_or_fragment(
        "forum/search.html",
        "forum/_search_results.html",
        query=query,
        found=found,
        results=results,
    )
