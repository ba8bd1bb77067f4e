"""The forum search page: a GET form that works without JavaScript; with htmx the results
update as the reader types (and the address follows, so Back and reload work)."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from ..core.htmx import render_page_or_fragment
from ..core.navigation import requested_page
from .search import search_posts

#: What is read of the query; the rest is ignored (the index only uses a few words anyway).
MAX_QUERY_LENGTH = 200


def search():
    query = (request.args.get("q") or "")[:MAX_QUERY_LENGTH].strip()
    found, results = search_posts(current_user, query, requested_page())
    return render_page_or_fragment(
        "forum/search.html",
        "forum/_search_results.html",
        query=query,
        found=found,
        results=results,
    )
