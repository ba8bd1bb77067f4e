"""``python -m tests.bench``: for SQLite (always) and PostgreSQL (when something listens on
127.0.0.1:5432), build a fresh schema, seed the demo with ``--scale 100`` (about 10,000 people),
serve it with ``gunicorn -w 2``, load every page of ``PAGES`` with concurrent keep-alive
clients, and print requests per second, p50 and p95 latency and errors (then the same load from
``wrk`` when it is installed: Debian's package ``wrk``), then the first-visit weight of the home
page. It prints figures; it never judges them.

The forum part (issue #3, ``--skip-forum`` leaves it out) adds ``--forum-posts`` posts (1M by
default, in one thread per 20 posts, one of them a 100,000-post thread) to each database, prints
the in-process server time (p50/p95) of the forum index, a category list, a thread's first and
last page, the big thread's first and last page and search (when the app has it), and loads the
thread pages under gunicorn with the other pages.

The upload part (issue #5, ``uploads.py``) runs first: the peak memory while a 200 MB upload is
refused and while a 45 MB one is accepted.
The monitoring part (issue #7, ``monitoring.py``) adds a network of 100 schools with a year of
activity and prints the in-process server time of the monitoring pages.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from intranet.config import load_settings

from . import forum, monitoring, uploads
from .load import (
    Client,
    LoadResult,
    WrkResult,
    first_visit_weight,
    run_load,
    run_wrk,
    wrk_available,
)
from .pages import BENCH_ACCOUNT, PAGES, Page
from .server import (
    POSTGRES_BENCH_URL,
    ensure_postgres_database,
    gunicorn,
    postgres_listening,
    prepare_database,
)


@dataclass
class Row:
    database: str
    page: Page
    result: LoadResult
    wrk: WrkResult | None = None


@dataclass
class ServerRow:
    database: str
    name: str
    result: LoadResult


def _milliseconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}"


def print_table(rows: list[Row]) -> None:
    header = ("database", "page", "requests/s", "p50 ms", "p95 ms", "errors", "requests")
    header += ("wrk req/s", "wrk p50", "wrk p99", "wrk errors")
    _print_lines(
        header,
        [
            (
                row.database,
                row.page.name,
                f"{row.result.per_second:.0f}",
                _milliseconds(row.result.percentile(0.50)),
                _milliseconds(row.result.percentile(0.95)),
                str(row.result.errors),
                str(row.result.requests),
                *(
                    (
                        f"{row.wrk.per_second:.0f}",
                        _milliseconds(row.wrk.p50_ms),
                        _milliseconds(row.wrk.p99_ms),
                        str(row.wrk.errors),
                    )
                    if row.wrk
                    else ("-",) * 4
                ),
            )
            for row in rows
        ],
    )


def print_server_table(rows: list[ServerRow]) -> None:
    header = ("database", "page (in-process)", "p50 ms", "p95 ms", "errors", "requests")
    _print_lines(
        header,
        [
            (
                row.database,
                row.name,
                _milliseconds(row.result.percentile(0.50)),
                _milliseconds(row.result.percentile(0.95)),
                str(row.result.errors),
                str(row.result.requests),
            )
            for row in rows
        ],
    )


def _print_lines(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    lines = [header, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(
            "  ".join(
                cell.ljust(width) if column < 2 else cell.rjust(width)
                for column, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))


def bench_forum(name: str, url: str, args, password: str) -> tuple[list[Page], list[ServerRow]]:
    """Seed the forum, time its pages in-process; return the pages for the gunicorn run."""
    threads = args.forum_threads or max(1, args.forum_posts // 20)
    print(f"[{name}] seeding the forum: {args.forum_posts:,} posts in {threads:,} threads ...")
    setup = forum.seed(url, args.forum_posts, threads, lambda line: print(f"[{name}]{line}"))
    print(
        f"[{name}] forum seeded in {setup.seconds:.1f} s "
        f"({args.forum_posts / setup.seconds:,.0f} posts/s); "
        f"ANALYZE {setup.analyse_seconds:.1f} s"
    )
    if not forum.search_available(setup):
        print(f"[{name}] search not measured: the app has no forum.search route yet")
    print(
        f"[{name}] timing forum pages in-process: {args.forum_requests} requests each "
        f"(or {args.forum_seconds:g} s at most) ..."
    )
    server_rows = []
    timed = forum.measure(url, setup, password, args.forum_requests, args.forum_seconds)
    for page_name, result in timed:
        print(
            f"[{name}] {page_name}: p50 {_milliseconds(result.percentile(0.50))} ms, "
            f"p95 {_milliseconds(result.percentile(0.95))} ms, {result.errors} errors"
        )
        server_rows.append(ServerRow(name, page_name, result))
    return forum.load_pages(setup), server_rows


def bench_database(
    name: str, url: str, args, workdir: Path, server_rows: list[ServerRow]
) -> list[Row]:
    print(f"[{name}] creating the schema and seeding the demo with --scale {args.scale} ...")
    seconds = prepare_database(url, args.scale)
    print(f"[{name}] seeded in {seconds:.1f} s")
    password = str(load_settings()["DEMO_PASSWORD"])
    pages = list(PAGES)
    if not args.skip_forum:
        forum_pages, timed = bench_forum(name, url, args, password)
        pages += forum_pages
        server_rows += timed
    print(f"[{name}] timing the monitoring pages in-process ...")
    for page_name, result in monitoring.measure(
        url, password, log=lambda line: print(f"[{name}]{line}")
    ):
        print(
            f"[{name}] {page_name}: p50 {_milliseconds(result.percentile(0.50))} ms, "
            f"p95 {_milliseconds(result.percentile(0.95))} ms, {result.errors} errors"
        )
        server_rows.append(ServerRow(name, page_name, result))
    print(f"[{name}] starting gunicorn -w {args.workers}")
    rows = []
    with gunicorn(url, workdir / f"gunicorn-{name}.log", workers=args.workers) as port:
        anonymous = Client("127.0.0.1", port)
        signed_in = Client("127.0.0.1", port)
        signed_in.sign_in(BENCH_ACCOUNT, password)
        for label, client in (("anonymous", anonymous), ("signed in", signed_in)):
            weight = first_visit_weight(client, "/")
            print(
                f"[{name}] home page first visit, {label}, bytes on the wire: "
                f"HTML {weight.html} B, CSS+JS {weight.assets} B, total {weight.total} B"
            )
            client.close()
        for page in pages:
            result = run_load(
                "127.0.0.1",
                port,
                page,
                clients=args.clients,
                seconds=args.seconds,
                credentials=(BENCH_ACCOUNT, password),
            )
            print(
                f"[{name}] {page.name}: {result.per_second:.0f} requests/s, "
                f"p95 {_milliseconds(result.percentile(0.95))} ms, {result.errors} errors"
            )
            wrk = None
            if wrk_available():
                wrk = run_wrk(
                    "127.0.0.1",
                    port,
                    page,
                    clients=args.clients,
                    seconds=args.seconds,
                    cookies=signed_in.cookies,
                )
                print(
                    f"[{name}] {page.name}, wrk: {wrk.per_second:.0f} requests/s, "
                    f"p99 {_milliseconds(wrk.p99_ms)} ms, {wrk.errors} errors"
                )
            rows.append(Row(name, page, result, wrk))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=12, help="load time per page")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--scale", type=int, default=100, help="seed-demo --scale")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--forum-posts", type=int, default=1_000_000, help="forum posts to seed (default 1M)"
    )
    parser.add_argument(
        "--forum-threads", type=int, default=0, help="forum threads (default: posts / 20)"
    )
    parser.add_argument(
        "--forum-requests", type=int, default=200, help="in-process requests per forum page"
    )
    parser.add_argument(
        "--forum-seconds", type=float, default=10, help="in-process time cap per forum page"
    )
    parser.add_argument("--skip-forum", action="store_true", help="leave the forum out")
    parser.add_argument(
        "--postgres-url", default=POSTGRES_BENCH_URL, help="the PostgreSQL benchmark database"
    )
    args = parser.parse_args(argv)

    began = time.perf_counter()
    uploads.run()
    rows: list[Row] = []
    server_rows: list[ServerRow] = []
    with tempfile.TemporaryDirectory(prefix="zheli-bench-") as directory:
        workdir = Path(directory)
        sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
        rows += bench_database("sqlite", sqlite_url, args, workdir, server_rows)
        if postgres_listening():
            ensure_postgres_database(args.postgres_url)
            rows += bench_database("postgresql", args.postgres_url, args, workdir, server_rows)
        else:
            print("[postgresql] skipped: nothing listens on 127.0.0.1:5432")
    print()
    print(
        f"{args.clients} clients, {args.seconds:g} s per page, gunicorn -w {args.workers} "
        f"(sync workers), demo --scale {args.scale}"
        + ("" if args.skip_forum else f", forum {args.forum_posts:,} posts")
        + f"; whole run {time.perf_counter() - began:.0f} s"
    )
    if server_rows:
        print_server_table(server_rows)
        print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
