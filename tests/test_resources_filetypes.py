"""Every allowed type is recognised from its bytes, whatever it is called (``filetypes.sniff``)."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from intranet.demo.samples import docx_bytes, pdf_bytes, png_bytes
from intranet.resources import filetypes
from intranet.resources.rules import UploadRefused
from tests.hostile_files import odf, office
from tests.hostile_media import frames, id3v2, mp4


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


SAMPLES = [
    (pdf_bytes("t"), filetypes.PDF),
    (docx_bytes("t"), filetypes.DOCX),
    (office("pptx"), filetypes.PPTX),
    (office("xlsx"), filetypes.XLSX),
    (odf("text"), filetypes.ODT),
    (odf("presentation"), filetypes.ODP),
    (odf("spreadsheet"), filetypes.ODS),
    (_image("JPEG"), filetypes.JPEG),
    (png_bytes("t"), filetypes.PNG),
    (_image("WEBP"), filetypes.WEBP),
    (mp4(), filetypes.MP4),
    (id3v2() + frames(), filetypes.MP3),
    (frames(), filetypes.MP3),
]


@pytest.mark.parametrize(("content", "expected"), SAMPLES, ids=[s[1].name for s in SAMPLES])
def test_each_allowed_type_is_recognised(content, expected):
    assert filetypes.sniff(io.BytesIO(content), len(content)) is expected


def test_the_table_covers_the_twelve_allowed_types():
    assert {expected.name for _content, expected in SAMPLES} == set(filetypes.BY_NAME)
    assert len(filetypes.ALL_TYPES) == 12


def test_an_odf_mimetype_entry_that_claims_to_be_huge_is_not_read():
    content = _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 500})
    with pytest.raises(UploadRefused):
        filetypes.sniff(io.BytesIO(content), len(content))
