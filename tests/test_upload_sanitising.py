"""What the store makes of accepted files: names that follow the detected type (at upload and
again at download, so older rows are safe), images and MP3s without their metadata, PDFs
never inline; and the duplicate-content notice naming only files the uploader may read."""

from __future__ import annotations

import io
import os
from urllib.parse import quote

import pytest
from PIL import Image

from intranet.accounts.models import Role
from intranet.demo.samples import pdf_bytes, png_bytes
from intranet.extensions import db
from intranet.lessonstudy import lessons as research_lessons
from intranet.lessonstudy.models import LessonPlanFile
from intranet.resources import filetypes
from intranet.resources.models import ResourceFile, ResourceStatus
from intranet.resources.storage import get_storage
from tests import lessonstudy_data as data
from tests.forum_data import url
from tests.hostile_media import (
    PRIVATE_IMAGES,
    SECRET,
    TAGGED_MP3,
    frames,
    jpeg_markers,
    phone_jpeg,
    png_chunks,
    webp_chunks,
)
from tests.resource_helpers import latest_resource, upload

#: JPEG segments a pixels-only file may have: JFIF (APP0), tables, frame, restart, scan.
JPEG_ALLOWED = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA}
PNG_ALLOWED = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
WEBP_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
PRIVATE_TEXTS = (SECRET.encode(), b"43.2567N", b"Galaxy", b"Samsung")


def _download_library(client, file_id):
    return client.post(
        url("resources.download_file", file_id=file_id), data={"form_token": os.urandom(12).hex()}
    )


def _plan(app, factory, login_as):
    with app.test_request_context():
        team = data.team(factory)
        lesson = research_lessons.lessons_of(data.study(team))[0]
    return login_as(team.lead), lesson


def _attach(client, lesson, content: bytes, name: str):
    return client.post(
        url("lessonstudy.upload_plan_file", lesson_id=lesson.id),
        data={"form_token": os.urandom(12).hex(), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _plan_row() -> LessonPlanFile:
    return db.session.scalar(db.select(LessonPlanFile).order_by(LessonPlanFile.id.desc()))


def _library_row() -> ResourceFile:
    return db.session.scalar(db.select(ResourceFile).filter_by(resource_id=latest_resource().id))


# --- Names -----------------------------------------------------------------------------------

RENAMED = [
    (pdf_bytes("setup"), "setup.exe", "setup.pdf"),
    (frames(), "run.bat", "run.mp3"),
    (pdf_bytes("page"), "page.html", "page.pdf"),
    (png_bytes("svg"), "сурет.svg", "сурет.png"),
    (pdf_bytes("none"), "жоспар", "жоспар.pdf"),
    (phone_jpeg(), "photo.JPEG", "photo.JPEG"),
]


@pytest.mark.parametrize(("content", "typed", "named"), RENAMED, ids=[r[1] for r in RENAMED])
def test_the_extension_follows_the_detected_type_on_both_paths(
    app, factory, login_as, content, typed, named
):
    teacher = login_as(Role.TEACHER)
    assert upload(teacher, files=[(content, typed)]).status_code == 302
    row = _library_row()
    assert row.filename == named
    disposition = _download_library(teacher, row.id).headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename={named}" in disposition or quote(named) in disposition
    client, lesson = _plan(app, factory, login_as)
    assert _attach(client, lesson, content, typed).status_code == 302
    assert _plan_row().filename == named


@pytest.mark.parametrize("old_name", ["setup.exe", "run.bat", "page.html", "lesson"])
def test_rows_stored_with_a_misleading_name_leave_with_the_right_one(
    app, factory, login_as, old_name
):
    teacher = login_as(Role.TEACHER)
    upload(teacher, files=[(pdf_bytes(old_name), "a.pdf")])
    row = _library_row()
    row.filename = old_name  # as stored before names followed the type
    client, lesson = _plan(app, factory, login_as)
    _attach(client, lesson, pdf_bytes("plan " + old_name), "b.pdf")
    _plan_row().filename = old_name
    db.session.commit()
    stem = old_name.rsplit(".", 1)[0]
    for got in (
        _download_library(teacher, row.id),
        client.get(url("lessonstudy.download_plan_file", lesson_id=lesson.id)),
    ):
        disposition = got.headers["Content-Disposition"]
        assert disposition == f"attachment; filename={stem}.pdf"
        assert got.mimetype == "application/pdf"
        assert got.headers["X-Content-Type-Options"] == "nosniff"
    page = teacher.get(url("resources.view_resource", resource_id=row.resource_id))
    assert f"{stem}.pdf" in page.get_data(as_text=True)


def test_a_pdf_is_never_served_inline(app, login_as):
    teacher = login_as(Role.TEACHER)
    upload(teacher, files=[(pdf_bytes("inline"), "a.pdf"), (png_bytes("inline"), "b.png")])
    rows = {f.file_type: f for f in ResourceFile.query.all()}
    assert teacher.get(url("resources.preview_file", file_id=rows["pdf"].id)).status_code == 404
    image = teacher.get(url("resources.preview_file", file_id=rows["png"].id))
    assert image.headers["Content-Disposition"].startswith("inline")
    pdf = _download_library(teacher, rows["pdf"].id)
    assert pdf.headers["Content-Disposition"].startswith("attachment")


# --- Metadata ------------------------------------------------------------------------------------


def _assert_pixels_only(data: bytes, file_type: str) -> None:
    for private in PRIVATE_TEXTS:
        assert private not in data, private
    if file_type == "jpeg":
        markers = jpeg_markers(data)
        assert set(markers) <= JPEG_ALLOWED, [hex(m) for m in markers]
    elif file_type == "png":
        assert set(png_chunks(data)) <= PNG_ALLOWED, png_chunks(data)
    else:
        assert set(webp_chunks(data)) <= WEBP_ALLOWED, webp_chunks(data)


@pytest.mark.parametrize(
    ("case", "content", "name", "kind"), PRIVATE_IMAGES, ids=[i[0] for i in PRIVATE_IMAGES]
)
def test_images_are_stored_as_pixels_only_on_both_paths(
    app, factory, login_as, case, content, name, kind
):
    assert any(private in content for private in PRIVATE_TEXTS), "the sample carries text"
    teacher = login_as(Role.TEACHER)
    assert upload(teacher, files=[(content, name)]).status_code == 302
    client, lesson = _plan(app, factory, login_as)
    assert _attach(client, lesson, content, name).status_code == 302
    storage = get_storage()
    for row in (_library_row(), _plan_row()):
        assert row.file_type == kind
        _assert_pixels_only(storage.path(row.storage_key).read_bytes(), kind)
    thumbnail = storage.thumbnail_path(_library_row().storage_key).read_bytes()
    _assert_pixels_only(thumbnail, "webp")


def test_a_phone_photo_stands_upright_without_its_orientation_tag(app, login_as):
    teacher = login_as(Role.TEACHER)
    assert (
        upload(teacher, files=[(phone_jpeg(orientation=6, size=(64, 48)), "p.jpg")]).status_code
        == 302
    )
    stored = Image.open(get_storage().path(_library_row().storage_key))
    assert stored.size == (48, 64)
    assert len(stored.getexif()) == 0 and "comment" not in stored.info


def test_an_mp3_is_stored_as_its_frames_without_tags(app, factory, login_as):
    teacher = login_as(Role.TEACHER)
    assert upload(teacher, files=[(TAGGED_MP3, "әнұран.mp3")]).status_code == 302
    client, lesson = _plan(app, factory, login_as)
    assert _attach(client, lesson, TAGGED_MP3, "әнұран.mp3").status_code == 302
    for row in (_library_row(), _plan_row()):
        assert get_storage().path(row.storage_key).read_bytes() == frames()
        assert row.size == len(frames())


# --- The duplicate notice -------------------------------------------------------------------------


def _notice_after(client, response) -> bool:
    """Whether the page the upload redirects to says the library had the file already."""
    assert response.status_code == 302
    return "The library already has" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_the_notice_names_only_content_the_uploader_may_read(app, login_as):
    content = pdf_bytes("guess")
    author = login_as(Role.TEACHER)
    assert not _notice_after(author, upload(author, files=[(content, "guess.pdf")]))
    pending = latest_resource()
    prober = login_as(Role.TEACHER)
    assert not _notice_after(prober, upload(prober, files=[(content, "probe.pdf")], title="Сы"))
    probe = _library_row()
    assert probe.filename == "probe.pdf"  # stored as usual, and once:
    assert (
        probe.storage_key == ResourceFile.query.filter_by(resource_id=pending.id).one().storage_key
    )
    assert _notice_after(author, upload(author, files=[(content, "mine.pdf")], title="Өз"))
    pending.status = ResourceStatus.APPROVED
    db.session.commit()
    assert _notice_after(prober, upload(prober, files=[(content, "later.pdf")], title="Кейін"))


def test_the_pdf_type_is_detected_whatever_it_is_called():
    assert filetypes.download_name("a.pdf. .", filetypes.PDF) == "a.pdf"
    assert filetypes.download_name(".exe", filetypes.PDF) == "file.pdf"
    assert len(filetypes.download_name("а" * 199 + ".exe", filetypes.DOCX)) == 200
