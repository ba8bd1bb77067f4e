# ruff: noqa: E501  (the corpus is a table: one hostile file per line)
"""Uploading to the resource library: a corpus of hostile files, each refused with a translated
reason and nothing left behind (no stored file, no temporary file, no row); images stored
without their metadata; the same content stored once; the size cap enforced while the body
arrives; an interrupted upload cleaned up; the form keeping its fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from flask import url_for
from flask_babel import force_locale
from PIL import Image
from werkzeug.test import EnvironBuilder, run_wsgi_app

from intranet.accounts.models import Role
from intranet.demo.samples import docx_bytes, pdf_bytes, png_bytes
from intranet.resources import filetypes, services
from intranet.resources.models import ResourceFile, ResourceStatus
from intranet.resources.storage import get_storage
from tests.resource_helpers import latest_resource, row_counts, stored_files, upload

pytestmark = pytest.mark.locale("kk")


def _jpeg(gps: bool = False, size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"
    if gps:
        exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 53.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _huge_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")
    return buffer.getvalue()


PDF = pdf_bytes("corpus")
SCRIPT_HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

#: (name of the case, file bytes, file name, the reason expected)
CORPUS = [
    ("windows executable as .pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "lesson.pdf", filetypes.NOT_ALLOWED),
    ("linux executable as .docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "plan.docx", filetypes.NOT_ALLOWED),
    ("shell script as .mp3", b"#!/bin/sh\nrm -rf /\n", "song.mp3", filetypes.NOT_ALLOWED),
    ("HTML with script as .pdf", SCRIPT_HTML, "report.pdf", filetypes.MARKUP_REFUSED),
    ("HTML with script as .jpg", SCRIPT_HTML, "photo.jpg", filetypes.MARKUP_REFUSED),
    ("HTML with BOM as .docx", b"\xef\xbb\xbf  " + SCRIPT_HTML, "plan.docx", filetypes.MARKUP_REFUSED),
    ("SVG with script as .png", SCRIPT_SVG, "chart.png", filetypes.MARKUP_REFUSED),
    ("SVG with XML prolog as .webp", b'<?xml version="1.0"?>' + SCRIPT_SVG, "a.webp", filetypes.MARKUP_REFUSED),
    ("PDF and HTML polyglot", b"%PDF-1.4\n<html><script>alert(1)</script>\n" + PDF[9:], "p.pdf", filetypes.MARKUP_REFUSED),
    ("JPEG with a ZIP glued on", _jpeg() + _zip({"evil.class": b"\xca\xfe\xba\xbe"}), "x.jpg", filetypes.POLYGLOT),
    ("PDF with a ZIP inside", PDF[:-6] + _zip({"a.txt": b"hidden"}) + b"\n%%EOF\n", "x.pdf", filetypes.POLYGLOT),
    ("truncated PDF", PDF[: len(PDF) // 2], "half.pdf", filetypes.DAMAGED),
    ("truncated PNG", png_bytes("cut")[:300], "half.png", filetypes.DAMAGED),
    ("truncated JPEG", _jpeg(size=(400, 300))[:700], "half.jpg", filetypes.DAMAGED),
    ("truncated DOCX", docx_bytes("cut")[:120], "half.docx", filetypes.DAMAGED),
    ("empty file", b"", "empty.pdf", filetypes.EMPTY),
    ("zip bomb DOCX", docx_bytes("bomb", {"word/media/zeros.bin": b"\x00" * (20 * 1024 * 1024)}), "bomb.docx", filetypes.ZIP_BOMB),
    ("DOCX with too many entries", docx_bytes("many", {f"word/p{n}.xml": b"x" for n in range(2001)}), "many.docx", filetypes.ZIP_BOMB),
    ("DOCX with macros", docx_bytes("macro", {"word/vbaProject.bin": b"Attribute VB_Name"}), "m.docx", filetypes.MACROS),
    ("plain ZIP as .docx", _zip({"notes.txt": b"hello"}), "notes.docx", filetypes.NOT_ALLOWED),
    ("Java archive as .xlsx", _zip({"META-INF/MANIFEST.MF": b"Main-Class: X"}), "t.xlsx", filetypes.NOT_ALLOWED),
    ("PDF with JavaScript", PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "js.pdf", filetypes.ACTIVE_PDF),
    ("PDF that launches a program", PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >>"), "l.pdf", filetypes.PDF_ACTIONS),
    ("GIF image (not allowed)", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "a.gif", filetypes.NOT_ALLOWED),
    ("QuickTime, not MP4", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00" + b"\x00" * 64, "v.mp4", filetypes.NOT_ALLOWED),
    ("decompression bomb PNG", _huge_png(), "huge.png", filetypes.DAMAGED),
    ("name climbing out with ../", PDF, "../../etc/passwd.pdf", services.BAD_NAME),
    ("name with backslashes", PDF, "..\\..\\windows\\win.ini.pdf", services.BAD_NAME),
    ("name with a NUL byte", PDF, "lesson.pdf\x00.exe", services.BAD_NAME),
    ("name of 300 characters", PDF, "а" * 296 + ".pdf", services.LONG_NAME),
    ("name with a right-to-left override", PDF, "invoice\u202efdp.exe", services.BAD_NAME),
    ("name with a right-to-left mark", PDF, "\u200fсабақ.pdf", services.BAD_NAME),
]  # fmt: skip


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 25
    assert len({case[0] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("case", "content", "name", "reason"), CORPUS, ids=[c[0] for c in CORPUS])
def test_a_hostile_file_is_refused_with_a_reason_and_leaves_nothing(
    app, login_as, case, content, name, reason
):
    client = login_as(Role.TEACHER)
    before_files, before_rows = stored_files(app), row_counts()
    response = upload(client, files=[(content, name)])
    assert response.status_code == 200, case
    page = response.get_data(as_text=True)
    with force_locale("kk"):
        translated = str(reason)
    with force_locale("en"):
        english = str(reason)
    assert translated != english, "the reason is not translated into Kazakh"
    assert translated in page.replace("&#39;", "'").replace("&#34;", '"'), case
    assert stored_files(app) == before_files
    assert row_counts() == before_rows


def test_a_good_file_after_a_bad_one_is_not_kept_either(app, login_as):
    """One bad file refuses the whole upload: the good file stored a moment before goes too."""
    client = login_as(Role.TEACHER)
    before_files, before_rows = stored_files(app), row_counts()
    response = upload(client, files=[(pdf_bytes("good one"), "good.pdf"), (SCRIPT_SVG, "bad.png")])
    assert response.status_code == 200
    assert stored_files(app) == before_files
    assert row_counts() == before_rows


def test_a_jpeg_is_stored_without_its_gps_tags(app, login_as):
    client = login_as(Role.TEACHER)
    original = _jpeg(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825), "the sample has GPS"
    response = upload(client, files=[(original, "сурет.jpg")])
    assert response.status_code == 302
    file = app.extensions and ResourceFile.query.filter_by(filename="сурет.jpg").one()
    path = get_storage().path(file.storage_key)
    stored = Image.open(path)
    assert stored.format == "JPEG"
    assert not stored.getexif().get_ifd(0x8825)
    assert len(stored.getexif()) == 0
    assert b"Phone X" not in path.read_bytes()
    assert file.has_thumbnail and get_storage().thumbnail_path(file.storage_key).is_file()
    assert file.mime_type == "image/jpeg"


def test_allowed_types_are_recognised_from_content_not_name(app, login_as):
    client = login_as(Role.TEACHER)
    files = [
        (pdf_bytes("named docx"), "really-a-pdf.docx"),
        (png_bytes("named pdf"), "really-a-png.pdf"),
        (docx_bytes("named mp3"), "really-a-docx.mp3"),
    ]
    assert upload(client, files=files).status_code == 302
    resource = latest_resource()
    found = {f.filename: f.file_type for f in ResourceFile.query.filter_by(resource_id=resource.id)}
    assert found == {  # named with the extension of what they are
        "really-a-pdf.pdf": "pdf",
        "really-a-png.png": "png",
        "really-a-docx.docx": "docx",
    }


def test_the_same_content_is_stored_once_and_the_uploader_is_told(app, login_as):
    client = login_as(Role.TEACHER)
    content = pdf_bytes("twice")
    assert upload(client, files=[(content, "first.pdf")]).status_code == 302
    files_after_first = stored_files(app)
    response = upload(client, files=[(content, "second.pdf")], title="Екінші рет")
    assert response.status_code == 302
    assert stored_files(app) == files_after_first
    keys = {
        f.storage_key
        for f in ResourceFile.query.filter(ResourceFile.filename.in_(["first.pdf", "second.pdf"]))
    }
    assert len(keys) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "second.pdf" in page
    with force_locale("kk"):
        assert "second.pdf" in page and str(latest_resource().title) in page


def test_a_file_over_the_cap_is_cut_off_early_with_a_translated_413(make_app, factory):
    app = make_app(MAX_UPLOAD_MB=1)
    with app.app_context():
        user = factory.user(Role.TEACHER)
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
        before_files, before_rows = stored_files(app), row_counts()
        big = pdf_bytes("big")[:-6] + b"\x00" * (1024 * 1024 + 10) + b"%%EOF\n"
        response = upload(client, files=[(big, "big.pdf")])
        assert response.status_code == 413
        with force_locale("kk"):
            from intranet.core.errors import ERROR_TEXTS

            assert str(ERROR_TEXTS[413][0]) in response.get_data(as_text=True)
        assert stored_files(app) == before_files
        assert row_counts() == before_rows


class CountingStream(io.RawIOBase):
    """A request body that says how much of it the server read."""

    def __init__(self, body: bytes):
        self._body = io.BytesIO(body)
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._body.read(len(buffer))
        self.read_bytes += len(data)
        buffer[: len(data)] = data
        return len(data)


def _multipart(files: list[tuple[bytes, str]], boundary="zheli-boundary") -> bytes:
    parts = []
    for content, name in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_the_server_stops_reading_as_soon_as_a_file_passes_the_cap(make_app, factory):
    """With no Content-Length to refuse up front, the per-file cap stops the parser: the
    server reads little more than the cap of a body four times as large."""
    app = make_app(MAX_UPLOAD_MB=1)
    with app.app_context():
        user = factory.user(Role.TEACHER)
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
        body = _multipart([(b"%PDF-1.4\n" + b"\x00" * (4 * 1024 * 1024), "a.pdf")])
        stream = CountingStream(body)
        with app.test_request_context():
            url = url_for("resources.upload_resource")
        environ = EnvironBuilder(
            path=url,
            method="POST",
            content_type="multipart/form-data; boundary=zheli-boundary",
        ).get_environ()
        environ["CONTENT_TYPE"] = "multipart/form-data; boundary=zheli-boundary"
        environ.pop("CONTENT_LENGTH", None)
        environ.update({"wsgi.input": stream, "wsgi.input_terminated": True})
        environ["HTTP_COOKIE"] = f"session={client.get_cookie('session').value}"
        _body, status, _headers = run_wsgi_app(app, environ, buffered=True)
        assert status.startswith("413")
        assert stream.read_bytes < 1.2 * 1024 * 1024
        assert not list((Path(app.config["UPLOAD_DIR"]) / "incoming").glob("*"))


def test_an_interrupted_upload_leaves_no_temporary_file(app, login_as):
    client = login_as(Role.TEACHER)
    before_files, before_rows = stored_files(app), row_counts()
    body = _multipart([(pdf_bytes("cut off") * 2000, "a.pdf")])
    with app.test_request_context():
        url = url_for("resources.upload_resource")
    response = client.post(
        url,
        input_stream=io.BytesIO(body[: len(body) // 2]),
        content_type="multipart/form-data; boundary=zheli-boundary",
        headers={"Content-Length": str(len(body))},
    )
    assert response.status_code in (200, 400)
    assert stored_files(app) == before_files
    assert row_counts() == before_rows


def test_a_refused_upload_keeps_the_form_fields(app, login_as):
    client = login_as(Role.TEACHER)
    response = upload(
        client, files=[(b"", "empty.pdf")], title="Менің тақырыбым", description="Сипаттама мәтіні"
    )
    page = response.get_data(as_text=True)
    assert 'value="Менің тақырыбым"' in page
    assert "Сипаттама мәтіні" in page
    assert 'value="kazakh" selected' in page or 'selected value="kazakh"' in page


def test_an_htmx_upload_answers_with_a_redirect_or_the_form_again(app, login_as):
    client = login_as(Role.TEACHER)
    ok = upload(client, headers={"HX-Request": "true"})
    assert ok.status_code == 204
    resource = latest_resource()
    with app.test_request_context():
        assert ok.headers["HX-Redirect"] == url_for(
            "resources.view_resource", resource_id=resource.id
        )
    refused = upload(client, files=[(SCRIPT_SVG, "a.png")], headers={"HX-Request": "true"})
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert text.lstrip().startswith("<form") and 'id="upload-form"' in text
    assert "<html" not in text


def test_a_double_submission_creates_one_resource(app, login_as):
    client = login_as(Role.TEACHER)
    token = "double-tap-token-0123456789"
    first = upload(client, form_token=token)
    second = upload(client, form_token=token)
    assert first.status_code == second.status_code == 302
    assert ResourceFile.query.count() == 1


def test_a_new_resource_is_pending_with_its_metadata(app, login_as):
    client = login_as(Role.TEACHER)
    assert (
        upload(client, grade_from="9", grade_to="11", language="ru", kind="worksheet").status_code
        == 302
    )
    resource = latest_resource()
    assert resource.status == ResourceStatus.PENDING
    assert (resource.grade_from, resource.grade_to) == (9, 11)
    assert resource.language.value == "ru" and resource.kind.value == "worksheet"
    assert resource.school_id == client.user.school_id
    assert "<strong>екі шешімді</strong>" in resource.description_html


def test_grades_must_be_in_order(app, login_as):
    client = login_as(Role.TEACHER)
    before = row_counts()
    response = upload(client, grade_from="9", grade_to="3")
    assert response.status_code == 200
    with force_locale("kk"):
        assert str(services.BAD_GRADES) in response.get_data(as_text=True).replace("&#39;", "'")
    assert row_counts() == before
