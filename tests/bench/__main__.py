"""``python -m tests.bench``: for SQLite (always) and PostgreSQL (when something listens on
127.0.0.1:5432), build a fresh schema, seed the demo with ``--scale 100`` (about 10,000 people),
serve it with ``gunicorn -w 2``, load every page of ``PAGES`` with concurrent keep-alive
clients, and print requests per second, p50 and p95 latency and errors, then the first-visit
weight of the home page. It prints figures; it never judges them.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from intranet.config import load_settings

from .load import Client, LoadResult, first_visit_weight, run_load
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


def _milliseconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}"


def print_table(rows: list[Row]) -> None:
    header = ("database", "page", "requests/s", "p50 ms", "p95 ms", "errors", "requests")
    lines = [header] + [
        (
            row.database,
            row.page.name,
            f"{row.result.per_second:.0f}",
            _milliseconds(row.result.percentile(0.50)),
            _milliseconds(row.result.percentile(0.95)),
            str(row.result.errors),
            str(row.result.requests),
        )
        for row in rows
    ]
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


def bench_database(name: str, url: str, args, workdir: Path) -> list[Row]:
    print(f"[{name}] creating the schema and seeding the demo with --scale {args.scale} ...")
    seconds = prepare_database(url, args.scale)
    print(f"[{name}] seeded in {seconds:.1f} s; starting gunicorn -w {args.workers}")
    password = str(load_settings()["DEMO_PASSWORD"])
    rows = []
    with gunicorn(url, workdir / f"gunicorn-{name}.log", workers=args.workers) as port:
        anonymous = Client("127.0.0.1", port)
        signed_in = Client("127.0.0.1", port)
        signed_in.sign_in(BENCH_ACCOUNT, password)
        for label, client in (("anonymous", anonymous), ("signed in", signed_in)):
            weight = first_visit_weight(client, "/")
            print(
                f"[{name}] home page first visit, {label}: HTML {weight.html_gzip} B gzip, "
                f"CSS+JS {weight.assets_gzip} B gzip, total {weight.total} B"
            )
            client.close()
        for page in PAGES:
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
            rows.append(Row(name, page, result))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=12, help="load time per page")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--scale", type=int, default=100, help="seed-demo --scale")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zheli-bench-") as directory:
        workdir = Path(directory)
        rows += bench_database("sqlite", f"sqlite:///{workdir / 'bench.db'}", args, workdir)
        if postgres_listening():
            ensure_postgres_database(POSTGRES_BENCH_URL)
            rows += bench_database("postgresql", POSTGRES_BENCH_URL, args, workdir)
        else:
            print("[postgresql] skipped: nothing listens on 127.0.0.1:5432")
    print()
    print(
        f"{args.clients} clients, {args.seconds:g} s per page, gunicorn -w {args.workers} "
        f"(sync workers), demo --scale {args.scale}; whole run {time.perf_counter() - began:.0f} s"
    )
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
