"""A bounded load generator: threads, each with one keep-alive ``http.client`` connection and
its own cookies, requesting one page for a fixed time; the same load from ``wrk`` when the
machine has it; and first-visit page weights.

The Python clients check every answer (status and an expected text) but share the server's
CPU and the GIL; wrk, written in C, costs the server's machine far less, so its figure is
closer to what the server alone can do. Both are printed.

Traffic goes to the given host only (the benchmark passes 127.0.0.1).
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import brotli

from tests.measure import AssetFinder

from .pages import Page

_CSRF_TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    """One HTTP/1.1 connection (reopened when the server closes it) and a cookie jar."""

    def __init__(self, host: str, port: int):
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        gzip_ok: bool = True,
        accept_encoding: str | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send a request; return status, headers and the body as it came over the wire."""
        headers = {"Accept-Encoding": accept_encoding or ("gzip" if gzip_ok else "identity")}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                # A kept-alive connection the server has closed meanwhile: retry once, fresh.
                self.connection.close()
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers, data

    def text(self, headers: http.client.HTTPMessage, data: bytes) -> bytes:
        encoding = headers.get("Content-Encoding")
        if encoding == "gzip":
            return gzip.decompress(data)
        if encoding == "br":
            return brotli.decompress(data)
        return data

    def sign_in(self, email: str, password: str) -> None:
        """Through the real form: fetch it for its CSRF token, post it, expect a redirect."""
        status, headers, data = self.request("GET", "/login")
        match = _CSRF_TOKEN.search(self.text(headers, data))
        if status != 200 or match is None:
            raise RuntimeError(f"/login answered {status} without a CSRF token")
        form = {"csrf_token": match.group(1).decode(), "email": email, "password": password}
        status, _headers, _data = self.request("POST", "/login", form)
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}, not a redirect")

    def close(self) -> None:
        self.connection.close()


@dataclass
class LoadResult:
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_load(
    host: str,
    port: int,
    page: Page,
    *,
    clients: int,
    seconds: float,
    credentials: tuple[str, str] | None = None,
    warmup_requests: int = 10,
) -> LoadResult:
    """``clients`` threads request ``page`` for ``seconds``; the warm-up is not measured."""
    connections = [Client(host, port) for _ in range(clients)]
    if page.needs_login:
        if credentials is None:
            raise ValueError(f"{page.name} needs credentials")
        for connection in connections:
            connection.sign_in(*credentials)
    warmed_up = threading.Barrier(clients + 1)
    go = threading.Event()
    lock = threading.Lock()
    result = LoadResult(seconds=seconds)
    deadline = [0.0]  # set by the main thread before ``go``

    def one(connection: Client) -> tuple[bool, float]:
        began = time.perf_counter()
        try:
            status, headers, data = connection.request("GET", page.path)
            elapsed = (time.perf_counter() - began) * 1000
            good = status == 200 and page.expect.encode() in connection.text(headers, data)
        except (http.client.HTTPException, OSError, EOFError, gzip.BadGzipFile):
            return False, 0.0
        return good, elapsed

    def work(connection: Client) -> None:
        for _ in range(warmup_requests):
            one(connection)
        warmed_up.wait()
        go.wait()
        latencies, errors = [], 0
        while time.perf_counter() < deadline[0]:
            good, elapsed = one(connection)
            if good:
                latencies.append(elapsed)
            else:
                errors += 1
        with lock:
            result.latencies_ms.extend(latencies)
            result.errors += errors

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in connections]
    for thread in threads:
        thread.start()
    warmed_up.wait()
    began = time.perf_counter()
    deadline[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    for connection in connections:
        connection.close()
    return result


@dataclass(frozen=True)
class WrkResult:
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


_WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_WRK_SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def parse_wrk(output: str) -> WrkResult:
    """What ``wrk --latency`` printed: requests/s, p50 and p99 (ms), and the failed requests
    (answers outside 2xx/3xx and socket errors)."""
    rate = _WRK_RATE.search(output)
    latencies = {
        share: float(value) * _WRK_UNITS[unit]
        for share, value, unit in _WRK_PERCENTILE.findall(output)
    }
    errors = sum(int(count) for count in _WRK_NON_2XX.findall(output))
    for counts in _WRK_SOCKET_ERRORS.findall(output):
        errors += sum(int(count) for count in counts)
    return WrkResult(
        float(rate.group(1)) if rate else 0.0,
        latencies.get("50", float("nan")),
        latencies.get("99", float("nan")),
        errors,
    )


def run_wrk(
    host: str, port: int, page: Page, *, clients: int, seconds: float, cookies: dict[str, str]
) -> WrkResult:
    """``wrk`` with ``clients`` keep-alive connections on two threads, gzip accepted, signed in
    with ``cookies``; a non-2xx answer counts as an error (wrk does not read the body)."""
    command = ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["-H", "Accept-Encoding: gzip"]
    if page.needs_login:
        command += ["-H", "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())]
    completed = subprocess.run(
        [*command, f"http://{host}:{port}{page.path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    return parse_wrk(completed.stdout)


#: What Chromium sends: the server picks brotli or gzip.
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"


@dataclass(frozen=True)
class Weight:
    """Bytes on the wire: each answer's status line, headers and body as the server sent them."""

    html: int
    assets: int

    @property
    def total(self) -> int:
        return self.html + self.assets


def sent_bytes(status: int, headers: http.client.HTTPMessage, data: bytes) -> int:
    """An answer's size as it crossed the wire (HTTP/1.1 framing, body as encoded)."""
    head = f"HTTP/1.1 {status} \r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return len(head.encode("latin-1")) + 2 + len(data)


def first_visit_weight(client: Client, path: str, encodings: str = BROWSER_ENCODINGS) -> Weight:
    """A first visit as a browser makes it: the page, then the CSS and JS it loads, each asked
    for with the browser's ``Accept-Encoding``; counted as sent, nothing computed."""
    status, headers, data = client.request("GET", path, accept_encoding=encodings)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    finder = AssetFinder()
    finder.feed(client.text(headers, data).decode())
    assets = 0
    for url in finder.urls:
        parts = urlsplit(url)
        asset_path = parts.path + (f"?{parts.query}" if parts.query else "")
        asset = client.request("GET", asset_path, accept_encoding=encodings)
        if asset[0] != 200:
            raise RuntimeError(f"{url} answered {asset[0]}")
        assets += sent_bytes(*asset)
    return Weight(html=sent_bytes(status, headers, data), assets=assets)
