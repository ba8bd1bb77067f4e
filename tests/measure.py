"""Deterministic measurements that tests assert: SQL statements per request, gzip bytes."""

from __future__ import annotations

import gc
import gzip
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from sqlalchemy import event

from intranet.extensions import db

_TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.I)


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries() -> Iterator[QueryLog]:
    """Count the SQL statements sent while the block runs (transaction control excluded).

    Test requests share the test's session, whose identity map holds objects weakly: an object
    kept alive only by a reference cycle spares a lazy load until the cycle collector happens to
    run. Collecting first and pausing the collector while the block runs makes the count depend
    on what the code holds, never on when the collector ran.
    """
    log = QueryLog()
    engine = db.engine
    gc.collect()
    gc.disable()

    def before_execute(_conn, _cursor, statement, *_args):
        if not _TRANSACTION_CONTROL.match(statement):
            log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_execute)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", before_execute)
        gc.enable()


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


class AssetFinder(HTMLParser):
    """The URLs of the scripts, stylesheets and icon a page loads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        loaded = attributes.get("rel") in {"stylesheet", "icon"}
        if tag == "link" and loaded and attributes.get("href"):
            self.urls.append(attributes["href"])


@dataclass
class PageWeight:
    html_gzip: int
    assets_gzip: dict[str, int]

    @property
    def first_visit_gzip(self) -> int:
        return self.html_gzip + sum(self.assets_gzip.values())


def page_weight(client, path: str) -> PageWeight:
    """Gzip bytes of a page's HTML and of the CSS and JS it loads (a first visit)."""
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    html = response.get_data()
    finder = AssetFinder()
    finder.feed(html.decode())
    assets = {}
    for url in finder.urls:
        parts = urlsplit(url)
        asset = client.get(parts.path, query_string=parts.query)
        assert asset.status_code == 200, f"{url} answered {asset.status_code}"
        assets[parts.path] = gzip_size(asset.get_data())
        asset.close()
    return PageWeight(html_gzip=gzip_size(html), assets_gzip=assets)
