"""Small, valid files made in code: one-page PDFs, PNG pictures, minimal DOCX documents.

The demo data and the tests use them, so the repository carries no binary files. ``salt`` makes
each file's bytes (and so its content address) different.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw


def pdf_bytes(salt: str = "", pages: int = 1) -> bytes:
    """A valid PDF of ``pages`` empty A6 pages, with ``salt`` in a comment."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] >>" for _ in range(pages)],
    ]
    out = b"%PDF-1.4\n%" + salt.encode("utf-8").hex().encode() + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (len(objects) + 1, xref)
    return out + b"%%EOF\n"


def png_bytes(salt: str = "", size: tuple[int, int] = (160, 120)) -> bytes:
    """A PNG picture: a coloured background with a few stripes that depend on ``salt``."""
    seed = sum(salt.encode("utf-8")) or 7
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, 180))
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x = (seed * (n + 3)) % size[0]
        draw.rectangle([x, 0, x + 8, size[1]], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


#: The smallest package Word opens: content types, the package relationship, the document.
_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def docx_bytes(salt: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document (``extra`` adds entries)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{escape(salt)}</w:t></w:r></w:p></w:body></w:document>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()
