"""Why an uploaded file is refused: the translated reasons every structural check shares.

The checks (``filetypes``, ``pdfcheck``, ``officecheck``, ``mediacheck``, ``images``) raise
``UploadRefused`` with one of these; ``filetypes`` re-exports them, so callers and tests name
them from one place.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NOT_ALLOWED = _l(
    "This kind of file is not accepted. Send PDF, DOCX, PPTX, XLSX, ODT, ODP, ODS, JPEG, PNG, "
    "WebP, MP4 or MP3."
)
MARKUP_REFUSED = _l("Web pages and SVG images are not accepted, whatever their name.")
EMPTY = _l("The file is empty.")
DAMAGED = _l("The file is damaged or incomplete.")
POLYGLOT = _l("The file hides another file inside it.")
ACTIVE_PDF = _l("The PDF contains scripts or attachments; save it again as a plain PDF.")
PDF_ACTIONS = _l(
    "The PDF contains actions that open other files, programs or forms; save it again as a "
    "plain PDF."
)
ENCRYPTED_PDF = _l("Password-protected PDFs are not accepted; save it again without a password.")
ZIP_BOMB = _l("The document declares too much content when unpacked.")
MACROS = _l("Documents with macros or passwords are not accepted.")
EMBEDDED_OBJECTS = _l(
    "The document contains embedded programs or controls (OLE objects, ActiveX); save it again "
    "without them."
)
EXTERNAL_CONTENT = _l(
    "The document loads content from outside the file (a remote template, linked data or "
    "pictures); save it again without external links."
)
BAD_AUDIO = _l("The audio file is not a valid MP3: it must consist of MPEG audio frames.")
BAD_VIDEO = _l("The video file is not a valid MP4.")
