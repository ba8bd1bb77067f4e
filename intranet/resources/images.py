"""Images are decoded and written again with Pillow: what is stored holds pixels only.

Saving the decoded image itself is not enough: Pillow carries a JPEG comment, XMP and an ICC
profile in ``Image.info`` and writes them out again. So the pixels are copied into a new
image that never had any ``info`` (``_pixels_only``), after the EXIF orientation is applied
(a phone photo still stands upright) and a colour profile converted into sRGB (the colours
stay right without keeping the profile). What is stored therefore has no EXIF (GPS
included), no comment, no XMP or IPTC, no PNG text chunks. A decompression bomb (more pixels
than ``MAX_PIXELS``) and a truncated or undecodable file are refused. Every image also gets a
small WebP thumbnail for lists and previews.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .filetypes import JPEG, PNG, WEBP, FileType
from .refusals import DAMAGED
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


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image converted from its embedded colour profile into sRGB (when it has one that
    LittleCMS can read); otherwise the image unchanged."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted or image


def _pixels_only(image: Image.Image, file_type: FileType) -> Image.Image:
    """A new image holding the upright pixels and nothing else: its ``info`` is empty."""
    upright = _in_srgb(ImageOps.exif_transpose(image))
    if upright.mode in ("1", "L", "I", "I;16", "F"):
        mode = "L"
    elif upright.mode in ("LA", "La") and file_type is PNG:
        mode = "LA"
    elif _has_alpha(upright) and file_type is not JPEG:
        mode = "RGBA"
    else:
        mode = "RGB"
    pixels = upright if upright.mode == mode else upright.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def reencode(path: Path, file_type: FileType, directory: Path) -> tuple[Path, Path]:
    """Write the image at ``path`` again as pixels only, and a thumbnail; return both paths
    (temporary files in ``directory``, which the caller moves or removes)."""
    image = _open(path, file_type)
    output = _temp(directory, "." + file_type.extension)
    thumbnail = _temp(directory, ".webp")
    try:
        with image:
            clean = _pixels_only(image, file_type)
        if file_type is JPEG:
            clean.save(output, "JPEG", quality=88, optimize=True)
        elif file_type is PNG:
            clean.save(output, "PNG", optimize=True)
        else:
            clean.save(output, "WEBP", quality=85)
        small = clean.convert("RGBA" if "A" in clean.mode else "RGB")
        small.thumbnail(THUMBNAIL_SIZE)
        small.save(thumbnail, "WEBP", quality=75)
    except (OSError, ValueError) as error:
        output.unlink(missing_ok=True)
        thumbnail.unlink(missing_ok=True)
        raise UploadRefused(DAMAGED) from error
    return output, thumbnail
