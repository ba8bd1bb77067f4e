# ruff: noqa: E501  (the corpora are tables: one file per line)
"""Audio, video and images made in code for the upload corpora, and readers of their layout.

No ffmpeg or lame is needed: an MP3 is a run of silent Layer III frames (a four-byte header,
zeros for the rest), an MP4 the few boxes mutagen reads (``ftyp``, ``moov`` with ``mvhd`` and
a sound track, ``mdat``). ``MEDIA_CORPUS`` lists hostile files with the reason each must be
refused, ``GOOD_MEDIA`` good ones; the image builders carry private text in every metadata
block a format has, which the store must drop (``jpeg_markers``, ``png_chunks`` and
``webp_chunks`` read what is left).
"""

from __future__ import annotations

import io
import struct
import zipfile

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from intranet.resources import refusals as why

SECRET = "Author: Айгүл Сейітова, home 43.2567N 76.9286E"
GPS = {1: "N", 2: (43.0, 15.0, 24.12), 3: "E", 4: (76.0, 55.0, 42.96)}
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
BATCH = b"@echo off\r\npowershell -enc SQBFAFgA\r\nstart calc.exe\r\n"

# --- MP3 --------------------------------------------------------------------------------------

#: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo: 417-byte frames.
MPEG1_HEADER, MPEG1_LENGTH = b"\xff\xfb\x90\x64", 417
#: MPEG-2 Layer III, 64 kbit/s, 22.05 kHz: 208-byte frames.
MPEG2_HEADER, MPEG2_LENGTH = b"\xff\xf3\x80\x64", 208


def frames(count: int = 40, header: bytes = MPEG1_HEADER, length: int = MPEG1_LENGTH) -> bytes:
    """``count`` silent frames (a header, then zeros: no side information, no sound)."""
    return (header + b"\x00" * (length - 4)) * count


def _synchsafe(number: int) -> bytes:
    return bytes((number >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3v2(*frames_: tuple[bytes, bytes], declared: int | None = None) -> bytes:
    """An ID3v2.4 tag of ``(frame id, data)`` frames; ``declared`` overrides its size."""
    body = b"".join(name + _synchsafe(len(data)) + b"\x00\x00" + data for name, data in frames_)
    return b"ID3\x04\x00\x00" + _synchsafe(len(body) if declared is None else declared) + body


def text_frame(name: bytes, text: str) -> tuple[bytes, bytes]:
    return name, b"\x03" + text.encode("utf-8")


ID3V1 = (
    b"TAG" + b"Silence".ljust(30, b"\x00") + b"Zheli".ljust(30, b"\x00") + b"\x00" * 64 + b"\x0c"
)
TAGGED_MP3 = (
    id3v2(
        text_frame(b"TIT2", "Әнұран"),
        text_frame(b"COMM", SECRET),
        (b"TXXX", b"\x03run\x00" + BATCH),
    )
    + frames()
    + ID3V1
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.bat", BATCH)
    return buffer.getvalue()


# --- MP4 --------------------------------------------------------------------------------------


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind: bytes, payload: bytes) -> bytes:
    return box(kind, b"\x00\x00\x00\x00" + payload)


FTYP = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def moov(handler: bytes = b"soun", seconds: int = 5) -> bytes:
    mvhd = full_box(
        b"mvhd",
        struct.pack(">IIII", 0, 0, 1000, seconds * 1000)
        + b"\x00\x01\x00\x00\x01\x00"
        + b"\x00" * 10
        + MATRIX
        + b"\x00" * 24
        + struct.pack(">I", 2),
    )
    mdhd = full_box(
        b"mdhd", struct.pack(">IIII", 0, 0, 44100, seconds * 44100) + b"\x55\xc4\x00\x00"
    )
    hdlr = full_box(b"hdlr", b"\x00" * 4 + handler + b"\x00" * 12 + b"Handler\x00")
    stbl = box(b"stbl", full_box(b"stsd", struct.pack(">I", 0)))
    trak = box(b"trak", box(b"mdia", mdhd + hdlr + box(b"minf", stbl)))
    return box(b"moov", mvhd + trak)


def mp4(*boxes: bytes) -> bytes:
    return b"".join(boxes) if boxes else FTYP + moov() + box(b"mdat", b"\x00" * 2048)


SPACES = b" " * 2048
MEDIA_CORPUS = [
    ("MP3: ID3 then a batch script", id3v2() + BATCH * 20, "run.mp3", why.BAD_AUDIO),
    ("MP3: ID3 then a web page", id3v2() + HTML, "page.mp3", why.MARKUP_REFUSED),
    ("MP3: ID3, padding, then a web page", id3v2() + SPACES + HTML, "page.mp3", why.BAD_AUDIO),
    ("MP3: ID3 then the EICAR test string", id3v2() + EICAR, "eicar.mp3", why.BAD_AUDIO),
    ("MP3: ID3 whose size covers a script, no audio", id3v2(declared=len(BATCH) * 20) + BATCH * 20, "run.mp3", why.BAD_AUDIO),
    ("MP3: ID3 with a size that is not synchsafe", b"ID3\x04\x00\x00\x00\x00\x80\x00" + frames(), "bad.mp3", why.BAD_AUDIO),
    ("MP3: a frame header then a script", MPEG1_HEADER + BATCH * 20, "run.mp3", why.BAD_AUDIO),
    ("MP3: frames then a web page", frames() + HTML, "song.mp3", why.BAD_AUDIO),
    ("MP3: frames then a ZIP", frames() + _zip(), "song.mp3", why.POLYGLOT),
    ("MP3: frames of two sample rates", frames(10) + frames(10, MPEG2_HEADER, MPEG2_LENGTH), "song.mp3", why.BAD_AUDIO),
    ("MP3: a repeated sync pattern", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 500, "song.mp3", why.BAD_AUDIO),
    ("MP3: three frames only", frames(3), "song.mp3", why.BAD_AUDIO),
    ("MP4: ftyp then a web page", FTYP + HTML, "v.mp4", why.MARKUP_REFUSED),
    ("MP4: ftyp, padding, then a web page", FTYP + SPACES + HTML, "v.mp4", why.BAD_VIDEO),
    ("MP4: a web page after the last box", mp4() + HTML, "v.mp4", why.BAD_VIDEO),
    ("MP4: a web page in mdat, no moov", FTYP + box(b"free", SPACES) + box(b"mdat", HTML), "v.mp4", why.BAD_VIDEO),
    ("MP4: a box longer than the file", FTYP + moov() + struct.pack(">I", 10**6) + b"mdat" + b"\x00" * 64, "v.mp4", why.BAD_VIDEO),
    ("MP4: a uuid box at the top", FTYP + moov() + box(b"uuid", b"\x00" * 16 + BATCH), "v.mp4", why.BAD_VIDEO),
    ("MP4: two ftyp boxes", FTYP + moov() + FTYP, "v.mp4", why.BAD_VIDEO),
    ("MP4: moov without a header", FTYP + box(b"moov", box(b"trak")) + box(b"mdat"), "v.mp4", why.BAD_VIDEO),
    ("MP4: zero length", FTYP + moov(seconds=0) + box(b"mdat", b"\x00" * 64), "v.mp4", why.BAD_VIDEO),
]  # fmt: skip

GOOD_MEDIA = [
    ("MP3: MPEG-1 frames", frames(), "song.mp3", "mp3"),
    ("MP3: MPEG-2 frames with a last frame cut short", frames(50, MPEG2_HEADER, MPEG2_LENGTH) + MPEG2_HEADER + b"\x00" * 50, "voice.mp3", "mp3"),
    ("MP3: ID3v2 and ID3v1 tags around the frames", TAGGED_MP3, "anthem.mp3", "mp3"),
    ("MP4: sound track", mp4(), "clip.mp4", "mp4"),
    ("MP4: video only, free box, mdat to the end", FTYP + moov(b"vide") + box(b"free", b"\x00" * 8) + b"\x00\x00\x00\x00mdat" + b"\x00" * 4096, "lesson.mp4", "mp4"),
]  # fmt: skip

# --- Images -------------------------------------------------------------------------------------

XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    f"<rdf:RDF><rdf:Description>{SECRET}</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Samsung"
    exif[0x0110] = "Galaxy A14"
    exif[0x013B] = SECRET  # Artist
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = GPS
    return exif


def _photo(size=(64, 48)) -> Image.Image:
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 120, 220), (0, 0, size[0] // 2, size[1] // 4))
    return image


def phone_jpeg(orientation: int | None = None, size=(64, 48)) -> bytes:
    """A phone photo: EXIF (maker, GPS, artist, orientation), a comment, XMP, an ICC
    profile, and a Photoshop IPTC block (APP13) with the same private text."""
    buffer = io.BytesIO()
    _photo(size).save(
        buffer,
        "JPEG",
        exif=_exif(orientation).tobytes(),
        comment=SECRET.encode(),
        xmp=XMP.encode(),
        icc_profile=SRGB,
    )
    data = buffer.getvalue()
    iptc = (
        b"Photoshop 3.0\x008BIM\x04\x04\x00\x00"
        + struct.pack(">I", len(SECRET.encode()) + 5)
        + b"\x1c\x02\x50"
        + struct.pack(">H", len(SECRET.encode()))
        + SECRET.encode()
    )
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + app13 + data[2:]


def png_with_text(mode: str = "RGBA") -> bytes:
    info = PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Author", SECRET, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    image = _photo().convert(mode)
    if mode == "P":
        image.info["transparency"] = 0
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=_exif().tobytes())
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    buffer = io.BytesIO()
    _photo().save(buffer, "WEBP", exif=_exif().tobytes(), xmp=XMP.encode(), icc_profile=SRGB)
    return buffer.getvalue()


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's segments up to the start of the scan."""
    assert data[:2] == b"\xff\xd8"
    position, markers = 2, []
    while position < len(data):
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    position, chunks = 12, []
    while position < len(data):
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append(data[position : position + 4])
        position += 8 + length + (length & 1)
    return chunks


#: (case, bytes, typed name, detected type name): images whose metadata the store must drop.
PRIVATE_IMAGES = [
    ("JPEG from a phone: EXIF, GPS, comment, XMP, IPTC, ICC", phone_jpeg(), "photo.jpg", "jpeg"),
    ("PNG with tEXt, zTXt, iTXt and eXIf", png_with_text(), "chart.png", "png"),
    ("PNG with a palette and transparency", png_with_text("P"), "icon.png", "png"),
    ("WebP with EXIF, XMP and ICC", webp_with_metadata(), "photo.webp", "webp"),
]  # fmt: skip
