"""Upload memory benchmark (issue #5): the peak memory of the server while a 200 MB upload is
refused and while a 45 MB one is accepted.

Each case runs in a fresh child process (``python -m tests.bench.uploads --child ...``) with its
own SQLite database and upload folder. The child signs a teacher in, then sends the upload
form straight to the WSGI app with a request body that is *generated* while it is read (never
held in memory), and reports the Python heap's peak during the request (``tracemalloc``), the
growth of the process's resident set (``ru_maxrss``), how many bytes the server read, the
status and how long it took. The parent prints one line per case. It prints; it never judges.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

MB = 1024 * 1024
BOUNDARY = "zheli-bench-boundary"
#: (case name, file size in MB, whether the request declares its Content-Length)
CASES = (
    ("200 MB refused, Content-Length declared", 200, True),
    ("200 MB refused, streamed without Content-Length", 200, False),
    ("45 MB accepted", 45, True),
)


def _pdf_around(size: int) -> tuple[bytes, int, bytes]:
    """A valid one-page PDF of ``size`` bytes whose content stream is ``size`` minus the rest of
    blank space: (the bytes before the stream's content, its length, the bytes after it), so
    that the library's checks parse it and accept it, as they would a teacher's big scan."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    head = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(head))
        head += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets.append(len(head))

    def stream_header(length: int) -> bytes:
        return b"4 0 obj\n<< /Length %010d >>\nstream\n" % length

    def after(length: int) -> bytes:
        xref_at = len(head) + len(stream_header(length)) + length + len(b"\nendstream\nendobj\n")
        table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        return (
            b"\nendstream\nendobj\nxref\n0 5\n0000000000 65535 f \n"
            + table
            + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
        )

    length = size
    for _ in range(3):  # the offsets' digits depend on the length: settle it
        length = size - len(head) - len(stream_header(length)) - len(after(length))
    return head + stream_header(length), length, after(length)


class GeneratedBody:
    """A multipart body with one valid PDF of ``size`` bytes, made as it is read."""

    def __init__(self, size: int, fields: dict[str, str]):
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        before, self._filler, after = _pdf_around(size)
        self._head = head.encode() + before
        self._tail = after + b"\r\n" + f"--{BOUNDARY}--\r\n".encode()
        self.length = len(self._head) + self._filler + len(self._tail)
        self.read_bytes = 0
        self._zeros = b" " * (256 * 1024)  # blank space: an empty page's content

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = 256 * 1024
        out = b""
        if self.read_bytes < len(self._head):
            out = self._head[self.read_bytes : self.read_bytes + n]
        else:
            position = self.read_bytes - len(self._head)
            if position < self._filler:
                out = self._zeros[: min(n, self._filler - position, len(self._zeros))]
            else:
                offset = position - self._filler
                out = self._tail[offset : offset + n]
        self.read_bytes += len(out)
        return out

    def readline(self, limit: int = -1) -> bytes:
        return self.read(limit)


def _child(size_mb: int, declared: bool) -> dict[str, object]:
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    from intranet import create_app
    from intranet.accounts.models import AccountStatus, Role, User
    from intranet.extensions import db
    from intranet.network.models import District, Region, School

    work = Path(tempfile.mkdtemp(prefix="zheli-upload-bench-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.db'}",
            "UPLOAD_DIR": str(work / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "upload-benchmark-secret-key-long-enough",
        }
    )
    with app.app_context():
        db.create_all()
        school = School(name="№1", district=District(name="D", region=Region(name="R")))
        user = User(
            email="bench@example.kz",
            full_name="Bench",
            school=school,
            role=Role.TEACHER,
            status=AccountStatus.ACTIVE,
        )
        user.set_password("bench-password")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.kz", "password": "bench-password"})
    fields = {
        "form_token": "bench-token-0123456789abcdef",
        "title": "Үлкен файл",
        "subject": "kazakh",
        "grade_from": "1",
        "grade_to": "11",
        "language": "kk",
        "kind": "other",
        "network_id": "0",
        "licence": "cc_by_4",
    }
    body = GeneratedBody(size_mb * MB, fields)
    environ = EnvironBuilder(
        path="/resources/new",
        method="POST",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    ).get_environ()
    environ["CONTENT_TYPE"] = f"multipart/form-data; boundary={BOUNDARY}"
    environ.pop("CONTENT_LENGTH", None)
    if declared:
        environ["CONTENT_LENGTH"] = str(body.length)
    else:
        environ["wsgi.input_terminated"] = True
    environ["wsgi.input"] = body
    environ["HTTP_COOKIE"] = f"session={client.get_cookie('session').value}"

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    began = time.perf_counter()
    app_iter, status, _headers = run_wsgi_app(app, environ, buffered=True)
    seconds = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stored = sum(p.stat().st_size for p in (work / "uploads").rglob("*") if p.is_file())
    return {
        "status": status.split()[0],
        "read_mb": body.read_bytes / MB,
        "body_mb": body.length / MB,
        "heap_peak_mb": peak / MB,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "stored_mb": stored / MB,
        "seconds": seconds,
        "app_iter": len(b"".join(app_iter)),
    }


def run() -> list[tuple[str, dict[str, object]]]:
    """Run every case in its own process and print one line each; return the figures."""
    print("[uploads] peak memory while uploads are refused and accepted (one process per case)")
    results = []
    for name, size_mb, declared in CASES:
        args = [sys.executable, "-m", "tests.bench.uploads", "--child", str(size_mb)]
        if declared:
            args.append("--declared")
        output = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        results.append((name, figures))
        print(
            f"[uploads] {name}: HTTP {figures['status']}, read {figures['read_mb']:.1f} of "
            f"{figures['body_mb']:.1f} MB, Python heap peak {figures['heap_peak_mb']:.1f} MB, "
            f"RSS growth {figures['rss_growth_mb']:.1f} MB, stored {figures['stored_mb']:.1f} MB, "
            f"{figures['seconds']:.2f} s"
        )
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(int(sys.argv[2]), "--declared" in sys.argv)))
    else:
        run()
