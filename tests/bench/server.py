"""The benchmark's databases and server: a fresh schema seeded with the demo at scale, and
gunicorn serving ``wsgi:app`` on a free port of 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from intranet import create_app
from intranet.config import PROJECT_ROOT, normalise_database_url
from intranet.demo import seed_demo
from intranet.extensions import db

POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
POSTGRES_BENCH_URL = f"postgresql://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/zheli_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_listening() -> bool:
    with (
        contextlib.suppress(OSError),
        socket.create_connection((POSTGRES_HOST, POSTGRES_PORT), timeout=1),
    ):
        return True
    return False


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database when it is missing, and give it an empty schema."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def prepare_database(url: str, scale: int) -> float:
    """Create the schema and seed the demo with ``scale``; return the seeding time (s)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        began = time.perf_counter()
        seed_demo(scale=scale)
        elapsed = time.perf_counter() - began
        db.session.remove()
        db.engine.dispose()
    return elapsed


def _gunicorn() -> str:
    local = PROJECT_ROOT / ".venv" / "bin" / "gunicorn"
    return str(local if local.exists() else Path(sys.executable).with_name("gunicorn"))


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(database_url: str, log_path: Path, workers: int = 2) -> Iterator[int]:
    """Serve ``wsgi:app`` with the production settings (``intranet/gunicorn_conf.py``) on a
    free local port; yield the port; stop the server afterwards."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"ZHELI_ENV", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(48),
        RATELIMIT_ENABLED="false",
    )
    command = [
        _gunicorn(),
        *("-c", "python:intranet.gunicorn_conf"),  # as in production: gthread, keep-alive
        *("-w", str(workers), "-b", f"127.0.0.1:{port}", "wsgi:app"),
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not _healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"gunicorn did not start:\n{tail}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # The session was created for this server alone: stop what is left of it.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
