"""Whether an MP3 is MPEG audio and an MP4 a well-formed ISO media file, checked end to end.

A first signature proves nothing: ``ID3`` or ``ftyp`` may be followed by a script or a web
page. So the whole file is walked:

* **MP3**: optional ID3v2 tags at the start (and zero padding after them), then MPEG-1/2/2.5
  Layer III frames, one right after another, to the end of the file; only an ID3v1 or APEv2
  tag, or a last frame cut short, may follow them. Every frame keeps the version, layer and
  sample rate of the first. Mutagen must then read the file as MP3 with a length. The store
  keeps only the frames (``audio_span``): tags can carry pictures, comments and anything
  else, and are dropped as images lose their metadata.
* **MP4**: the top-level boxes must tile the file exactly (sizes summing to its length, no
  bytes after the last), each of a type ISO BMFF allows at the top, ``ftyp`` first with a
  brand of ours, one ``moov``; mutagen must then read the file as MP4 with a length.
"""

from __future__ import annotations

import struct
import warnings
from typing import BinaryIO

from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from .refusals import BAD_AUDIO, BAD_VIDEO, NOT_ALLOWED
from .rules import UploadRefused

#: Zero bytes tolerated between the ID3 tag and the first frame (some taggers pad so).
MAX_TAG_PADDING = 64 * 1024
#: Fewer frames than this is not a recording (a Layer III frame holds about 26 ms).
MIN_FRAMES = 4
_BITRATES = {  # kbit/s by bitrate index, Layer III
    "1": (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    "2": (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}

MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
#: Boxes ISO/IEC 14496-12 allows at the top of a file (``uuid`` and ``meta`` are not ours).
MP4_TOP_LEVEL = {
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"moof", b"mfra", b"styp", b"sidx",
    b"ssix", b"prft", b"emsg", b"pdin",
}  # fmt: skip


def _read_at(stream: BinaryIO, offset: int, size: int) -> bytes:
    stream.seek(offset)
    return stream.read(size)


# --- MP3 ------------------------------------------------------------------------------------


def _frame(header: bytes) -> tuple[tuple[int, int, int], int] | None:
    """``((version, layer, sample rate), frame length)`` of a Layer III frame header, or
    None when the four bytes are not one (free-format and reserved values included)."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES["1" if version == 3 else "2"][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    length = (144 if version == 3 else 72) * bitrate // rate + padding
    return (version, layer, rate), length


def _tags_end(stream: BinaryIO, size: int) -> int:
    """Where the ID3v2 tags at the start of the file (if any) and the zeros after them end."""
    position = 0
    while (header := _read_at(stream, position, 10)).startswith(b"ID3"):
        if len(header) < 10 or header[3] not in (2, 3, 4) or any(b & 0x80 for b in header[6:]):
            raise UploadRefused(BAD_AUDIO)
        body = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9]
        footer = 10 if header[3] == 4 and header[5] & 0x10 else 0
        position += 10 + body + footer
        if position > size:
            raise UploadRefused(BAD_AUDIO)
    padding = _read_at(stream, position, MAX_TAG_PADDING)
    return position + len(padding) - len(padding.lstrip(b"\x00"))


def _trailer_start(stream: BinaryIO, size: int, start: int) -> int:
    """Where the ID3v1 and APEv2 tags at the end of the file (if any) begin."""
    end = size
    if end - start >= 128 and _read_at(stream, end - 128, 3) == b"TAG":
        end -= 128
    footer = _read_at(stream, end - 32, 32) if end - start >= 32 else b""
    if footer.startswith(b"APETAGEX"):
        tag_size, flags = struct.unpack("<II", footer[12:20])
        end -= tag_size + (32 if flags & 0x80000000 else 0)
        if end < start:
            raise UploadRefused(BAD_AUDIO)
    return end


def audio_span(stream: BinaryIO, size: int) -> tuple[int, int]:
    """``(start, end)`` of the run of MPEG frames in the MP3 in ``stream``, which must be all
    of the file but its tags; ``UploadRefused`` otherwise."""
    start = _tags_end(stream, size)
    end = _trailer_start(stream, size, start)
    first = _frame(_read_at(stream, start, 4))
    if first is None:
        raise UploadRefused(BAD_AUDIO)
    position, frames = start, 0
    while position < end:
        found = _frame(_read_at(stream, position, 4))
        if found is None or found[0] != first[0]:
            raise UploadRefused(BAD_AUDIO)
        if position + found[1] > end:  # the last frame cut short: the end of the audio
            break
        position += found[1]
        frames += 1
    if frames < MIN_FRAMES:
        raise UploadRefused(BAD_AUDIO)
    return start, end


def check_mp3(stream: BinaryIO, size: int) -> None:
    audio_span(stream, size)
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = MP3(stream).info
    except (MutagenError, ValueError, struct.error, EOFError) as error:
        raise UploadRefused(BAD_AUDIO) from error
    if not info.length > 0 or not info.sample_rate:
        raise UploadRefused(BAD_AUDIO)


# --- MP4 ------------------------------------------------------------------------------------


def _boxes(stream: BinaryIO, size: int) -> list[bytes]:
    """The types of the top-level boxes, which must cover the file exactly."""
    kinds: list[bytes] = []
    position = 0
    while position < size:
        header = _read_at(stream, position, 16)
        if len(header) < 8:
            raise UploadRefused(BAD_VIDEO)
        length, kind = struct.unpack(">I4s", header[:8])
        header_length = 8
        if length == 1:
            if len(header) < 16:
                raise UploadRefused(BAD_VIDEO)
            (length,), header_length = struct.unpack(">Q", header[8:16]), 16
        elif length == 0:  # "to the end of the file": only the last box may say so
            length = size - position
        if length < header_length or position + length > size or kind not in MP4_TOP_LEVEL:
            raise UploadRefused(BAD_VIDEO)
        kinds.append(kind)
        position += length
    return kinds


def check_mp4(stream: BinaryIO, size: int) -> None:
    brand = _read_at(stream, 8, 4)
    if brand not in MP4_BRANDS:
        raise UploadRefused(NOT_ALLOWED)
    kinds = _boxes(stream, size)
    if kinds[0] != b"ftyp" or kinds.count(b"ftyp") != 1 or kinds.count(b"moov") != 1:
        raise UploadRefused(BAD_VIDEO)
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = MP4(stream).info
    except (MutagenError, ValueError, struct.error, EOFError) as error:
        raise UploadRefused(BAD_VIDEO) from error
    if not info.length > 0:
        raise UploadRefused(BAD_VIDEO)
