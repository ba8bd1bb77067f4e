"""The hostile and good corpora through both upload paths, over HTTP: the library's upload form
and a Lesson Study plan file. A hostile file is refused with its translated reason, the form
comes back with what was typed, and nothing is left in the upload folder (no file, no
temporary file, no row); a good file is stored, named with its detected type's extension, and
downloads as an attachment of that type."""

from __future__ import annotations

import html
import io
import os

import pytest
from flask_babel import LazyString, force_locale

from intranet.extensions import db
from intranet.lessonstudy import lessons as research_lessons
from intranet.lessonstudy.models import LessonPlanFile
from intranet.resources.filetypes import BY_NAME
from intranet.resources.models import ResourceFile
from tests import lessonstudy_data as data
from tests.forum_data import url
from tests.hostile_files import GOOD_OFFICE, GOOD_PDFS, OFFICE_CORPUS, PDF_CORPUS
from tests.hostile_media import GOOD_MEDIA, MEDIA_CORPUS, PRIVATE_IMAGES
from tests.resource_helpers import latest_resource, row_counts, stored_files, upload

pytestmark = pytest.mark.locale("kk")

HOSTILE = PDF_CORPUS + OFFICE_CORPUS + MEDIA_CORPUS
GOOD = GOOD_PDFS + GOOD_OFFICE + GOOD_MEDIA + PRIVATE_IMAGES
PATHS = ("library", "lesson study")
TYPED_TITLE = "Бөлшектерді салыстыру: сабақ жоспары"
TYPED_DESCRIPTION = "Оқушылар жұппен жұмыс істейді"


class LessonStudyPath:
    """A research lesson's plan file, posted by the study's lead."""

    def __init__(self, factory, login_as):
        team = data.team(factory)
        self.lesson = research_lessons.lessons_of(data.study(team))[0]
        self.client = login_as(team.lead)

    def post(self, content: bytes, name: str):
        return self.client.post(
            url("lessonstudy.upload_plan_file", lesson_id=self.lesson.id),
            data={"form_token": os.urandom(12).hex(), "file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )

    def rows(self) -> tuple[int, ...]:
        return (db.session.scalar(db.select(db.func.count()).select_from(LessonPlanFile)),)

    def stored(self):
        return db.session.scalar(db.select(LessonPlanFile).order_by(LessonPlanFile.id.desc()))

    def download(self, _row):
        return self.client.get(url("lessonstudy.download_plan_file", lesson_id=self.lesson.id))


class LibraryPath:
    """The library's upload form, by a teacher."""

    def __init__(self, factory, login_as):
        self.client = login_as()

    def post(self, content: bytes, name: str):
        return upload(
            self.client,
            files=[(content, name)],
            title=TYPED_TITLE,
            description=TYPED_DESCRIPTION,
        )

    def rows(self) -> tuple[int, ...]:
        return row_counts()

    def stored(self):
        resource = latest_resource()
        return db.session.scalar(db.select(ResourceFile).filter_by(resource_id=resource.id))

    def download(self, row):
        return self.client.post(
            url("resources.download_file", file_id=row.id),
            data={"form_token": os.urandom(12).hex()},
        )


@pytest.fixture(params=PATHS)
def path(request, app, factory, login_as):
    with app.test_request_context():
        kind = LibraryPath if request.param == "library" else LessonStudyPath
        return kind(factory, login_as)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_corpora_are_big_and_named_once():
    assert len(HOSTILE) >= 60 and len(GOOD) >= 20
    assert len({case[0] for case in HOSTILE + GOOD}) == len(HOSTILE) + len(GOOD)
    assert all(isinstance(reason, LazyString) for *_file, reason in HOSTILE)  # gettext


def _refusal_problems(app, path, case, content, name, reason) -> list[str]:
    """What is wrong with how ``path`` answered a hostile file (nothing, when refused well)."""
    before_files, before_rows = stored_files(app), path.rows()
    response = path.post(content, name)
    if response.status_code != 200:
        return [f"{case}: answered {response.status_code}"]
    page, problems = _page(response), []
    with force_locale("kk"):
        if str(reason) not in page:
            problems.append(f"{case}: the reason {str(reason)!r} is not on the page")
    if isinstance(path, LibraryPath):
        if f'value="{TYPED_TITLE}"' not in page or TYPED_DESCRIPTION not in page:
            problems.append(f"{case}: the form lost what was typed")
    elif url("lessonstudy.upload_plan_file", lesson_id=path.lesson.id) not in page:
        problems.append(f"{case}: the plan file form is not shown again")
    if stored_files(app) != before_files:
        problems.append(f"{case}: left files {set(stored_files(app)) - set(before_files)}")
    if path.rows() != before_rows:
        problems.append(f"{case}: left rows")
    return problems


# One test per path and class walks its whole corpus (a test per file would spend minutes
# setting up apps); each case's problem is named in the failure.
@pytest.mark.parametrize(
    "corpus", [PDF_CORPUS, OFFICE_CORPUS, MEDIA_CORPUS], ids=["pdf", "office", "media"]
)
def test_hostile_files_are_refused_and_leave_nothing(app, path, corpus):
    problems = [
        problem
        for case, content, name, reason in corpus
        for problem in _refusal_problems(app, path, case, content, name, reason)
    ]
    assert not problems, "\n".join(problems)


def _acceptance_problems(path, case, content, name, expected) -> list[str]:
    response = path.post(content, name)
    if response.status_code != 302:
        return [f"{case}: refused: {_page(response)[:300]}"]
    row, file_type, problems = path.stored(), BY_NAME[expected], []
    if (row.file_type, row.mime_type) != (expected, file_type.mime):
        problems.append(f"{case}: stored as {row.file_type}")
    if row.filename != f"{name.rsplit('.', 1)[0]}.{file_type.extension}":
        problems.append(f"{case}: named {row.filename}")
    got = path.download(row)
    headers = got.headers
    if (got.status_code, got.mimetype) != (200, file_type.mime):
        problems.append(f"{case}: downloads as {got.status_code} {got.mimetype}")
    if not headers.get("Content-Disposition", "").startswith("attachment"):
        problems.append(f"{case}: not an attachment")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{case}: no nosniff")
    if not file_type.image and expected != "mp3" and got.data != content:  # those are rewritten
        problems.append(f"{case}: the bytes changed")
    return problems


def test_good_files_are_stored_and_download_as_their_type(app, path):
    problems = [
        problem
        for case, content, name, expected in GOOD
        for problem in _acceptance_problems(path, case, content, name, expected)
    ]
    assert not problems, "\n".join(problems)
