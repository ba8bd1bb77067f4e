"""Images are decoded and written again with Pillow: what is stored holds pixels only.

Saving a decoded image without passing ``exif``, ``icc_profile`` or text chunks drops every
metadata block, GPS position included; the EXIF orientation is applied to the pixels first so
that a phone photo still stands upright. A decompression bomb (more pixels than
``MAX_PIXELS``) and a truncated or undecodable file are refused. Every image also gets a small
WebP thumbnail for lists and previews.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .filetypes import DAMAGED, JPEG, PNG, WEBP, FileType
from .rules import UploadRefused

#: The largest image accepted, in pixels (a 40-megapixel photo).
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
_PILLOW_FORMATS = {JPEG.name: "JPEG", PNG.name: "PNG", WEBP.name: "WEBP"}


def _temp(directory: Path, suffix: str) -> Path:
    descriptor, name = tempfile.mkstemp(dir=directory, prefix="img-", suffix=suffix)
    os.close(descriptor)
    return Path(name)


def _open(path: Path, file_type: FileType) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as probe:
                if probe.format != _PILLOW_FORMATS[file_type.name]:
                    raise UploadRefused(DAMAGED)
                if probe.width * probe.height > MAX_PIXELS:
                    raise UploadRefused(DAMAGED)
                probe.verify()
            image = Image.open(path)
            image.load()
        except (
            OSError,
            SyntaxError,
            ValueError,
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise UploadRefused(DAMAGED) from error
    return image


def reencode(path: Path, file_type: FileType, directory: Path) -> tuple[Path, Path]:
    """Write the image at ``path`` again without metadata, and a thumbnail; return both paths
    (temporary files in ``directory``, which the caller moves or removes)."""
    image = _open(path, file_type)
    output = _temp(directory, "." + file_type.extension)
    thumbnail = _temp(directory, ".webp")
    try:
        with image:
            upright = ImageOps.exif_transpose(image)
            if file_type is JPEG:
                upright.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
            elif file_type is PNG:
                upright.save(output, "PNG", optimize=True)
            else:
                upright.save(output, "WEBP", quality=85)
            small = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
            small.thumbnail(THUMBNAIL_SIZE)
            small.save(thumbnail, "WEBP", quality=75)
    except (OSError, ValueError) as error:
        output.unlink(missing_ok=True)
        thumbnail.unlink(missing_ok=True)
        raise UploadRefused(DAMAGED) from error
    return output, thumbnail
