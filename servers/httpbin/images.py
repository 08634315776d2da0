"""Images: one small pixel-art pig in PNG, JPEG, WebP and SVG, and ``/image`` to choose.

``/image`` practises content negotiation: the client lists what it accepts
(``Accept: image/webp``) and the server picks a format it has, or answers
``406 Not Acceptable``. These pictures are the workbook's own, not httpbin.org's:
the raster ones are drawn here, in code, from the little grid :data:`PIG`, by three
tiny encoders. You don't need to read them to use the endpoints, but they show that
an image format is just bytes in an agreed layout:

* PNG: a signature, then chunks (length, type, data, CRC); the pixels are zlib-compressed.
* JPEG: baseline, with every 8x8 block one flat colour, so each block needs only its
  average ("DC") value and the Huffman tables can be tiny.
* WebP (lossless): with two values per colour channel, each channel of each pixel is a
  single bit.
"""

from __future__ import annotations

import json
import struct
import zlib

from flask import Blueprint, Response, request

from servers.httpbin.common import fail

blueprint = Blueprint("images", __name__)

PIG = (
    "................",
    "..pp........pp..",
    "..ppp......ppp..",
    "...pppppppppp...",
    "..pppppppppppp..",
    "..ppeppppppepp..",
    "..pppppppppppp..",
    "..pppssssssppp..",
    "..pppsessesppp..",
    "...pppssssppp...",
    "....pppppppp....",
    "................",
)
"""The picture, one letter per pixel: ``.`` white, ``p`` pink, ``s`` snout, ``e`` eye."""

COLOURS = {".": (255, 255, 255), "p": (255, 150, 180), "s": (255, 150, 255), "e": (40, 150, 180)}
"""RGB of each letter. Each channel uses only two values (255 or one other): see WebP."""

SCALE = 8
"""Each grid cell becomes an 8x8 square, so the images are 128x96 pixels."""


def _pixels() -> list[list[tuple[int, int, int]]]:
    """The pig as rows of RGB pixels, SCALE times larger than the grid."""
    return [[COLOURS[cell] for cell in line for _ in range(SCALE)]
            for line in PIG for _ in range(SCALE)]


def png() -> bytes:
    """The pig as a PNG: 8-bit RGB, each row prefixed with filter type 0 (none)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    rows = _pixels()
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class _Bits:
    """Collects bits; JPEG wants them most-significant first, WebP least-significant first."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def add(self, value: int, count: int, msb_first: bool = True) -> None:
        """Append the lowest ``count`` bits of ``value``."""
        order = reversed(range(count)) if msb_first else range(count)
        self.bits.extend((value >> i) & 1 for i in order)

    def to_bytes(self, msb_first: bool = True, pad: int = 1) -> bytes:
        """Pack the bits into bytes, filling the last byte with ``pad`` bits."""
        bits = self.bits + [pad] * (-len(self.bits) % 8)
        weights = [128, 64, 32, 16, 8, 4, 2, 1] if msb_first else [1, 2, 4, 8, 16, 32, 64, 128]
        return bytes(sum(bit * weight for bit, weight in zip(bits[i:i + 8], weights, strict=True))
                     for i in range(0, len(bits), 8))


def jpeg() -> bytes:
    """The pig as a baseline JPEG, one flat 8x8 block per grid cell (YCbCr, no subsampling)."""

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    width, height = len(PIG[0]) * 8, len(PIG) * 8
    # Quantisation: 8 for the DC value (so it is simply the mean level - 128), 1 elsewhere.
    tables = segment(0xDB, bytes([0, 8] + [1] * 63))
    frame = segment(0xC0, struct.pack(">BHHB", 8, height, width, 3)
                    + bytes([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]))
    # Huffman tables. DC: sizes 0..8, each a 4-bit code equal to the size itself.
    # AC: one symbol, 0x00 "end of block", with the 1-bit code "0": every AC value is 0.
    dc = bytes([0, 0, 0, 9] + [0] * 12 + list(range(9)))
    ac = bytes([1] + [0] * 15 + [0])
    huffman = segment(0xC4, b"\x00" + dc + b"\x10" + ac)
    scan_header = segment(0xDA, bytes([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]))

    bits, previous = _Bits(), [0, 0, 0]
    for line in PIG:
        for cell in line:
            r, g, b = COLOURS[cell]
            levels = (0.299 * r + 0.587 * g + 0.114 * b,
                      128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                      128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for component, level in enumerate(levels):
                dc_value = round(level) - 128
                diff = dc_value - previous[component]  # DC values are coded as differences
                previous[component] = dc_value
                size = abs(diff).bit_length()
                bits.add(size, 4)
                bits.add(diff if diff >= 0 else diff + (1 << size) - 1, size)
                bits.add(0, 1)  # end of block
    # A 0xFF byte in the data is followed by 0x00, so it cannot be mistaken for a marker.
    data = bits.to_bytes().replace(b"\xff", b"\xff\x00")
    jfif = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    return b"\xff\xd8" + jfif + tables + frame + huffman + scan_header + data + b"\xff\xd9"


def webp() -> bytes:
    """The pig as a lossless WebP (VP8L) image.

    Each channel's Huffman code is a "simple code" of two symbols with 1-bit codes:
    bit 0 means the smaller value, bit 1 the larger. Alpha has one symbol (255), coded
    in zero bits. Pixels then cost 3 bits each: green, red, blue.
    """
    rows = _pixels()
    bits = _Bits()
    bits.add(0x2F, 8, msb_first=False)  # VP8L signature
    bits.add(len(rows[0]) - 1, 14, msb_first=False)
    bits.add(len(rows) - 1, 14, msb_first=False)
    bits.add(0, 4, msb_first=False)  # no alpha, version 0
    bits.add(0, 3, msb_first=False)  # no transform, no colour cache, no meta prefix codes
    channels = {name: sorted({pixel[index] for row in rows for pixel in row} | {255})
                for name, index in (("green", 1), ("red", 0), ("blue", 2))}
    for name in ("green", "red", "blue"):
        low, high = channels[name][0], channels[name][-1]
        bits.add(0b111, 3, msb_first=False)  # simple code, 2 symbols, 8-bit first symbol
        bits.add(low, 8, msb_first=False)
        bits.add(high, 8, msb_first=False)
    bits.add(0b101, 3, msb_first=False)  # alpha: simple code, 1 symbol, 8-bit symbol...
    bits.add(255, 8, msb_first=False)  # ... which is 255
    bits.add(0b0001, 4, msb_first=False)  # distance: simple code, 1 symbol, 1-bit symbol: 0
    for row in rows:
        for r, g, b in row:
            for value, name in ((g, "green"), (r, "red"), (b, "blue")):
                bits.add(int(value == channels[name][-1]), 1, msb_first=False)
    data = bits.to_bytes(msb_first=False, pad=0)
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="96" viewBox="0 0 128 96">
  <rect width="128" height="96" fill="#ffffff"/>
  <polygon points="22,14 40,26 26,38" fill="#ff96b4"/>
  <polygon points="106,14 88,26 102,38" fill="#ff96b4"/>
  <ellipse cx="64" cy="52" rx="46" ry="36" fill="#ff96b4"/>
  <circle cx="40" cy="44" r="5" fill="#2896b4"/>
  <circle cx="88" cy="44" r="5" fill="#2896b4"/>
  <ellipse cx="64" cy="66" rx="18" ry="11" fill="#ff96ff"/>
  <circle cx="57" cy="66" r="3" fill="#2896b4"/>
  <circle cx="71" cy="66" r="3" fill="#2896b4"/>
</svg>
"""

FORMATS = {
    "image/png": png,
    "image/jpeg": jpeg,
    "image/webp": webp,
    "image/svg+xml": SVG.encode,
}
"""Each media type and the function that draws it; /image offers them in this order."""


ACCEPTED_IMAGE_TYPES = ["image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*"]
"""What ``/image`` looks for in ``Accept``, in httpbin.org's order of preference."""

NOT_ACCEPTABLE = json.dumps({"message": "Client did not request a supported media type.",
                             "accept": ACCEPTED_IMAGE_TYPES})
"""The body of a ``406``, as httpbin.org words it."""


@blueprint.get("/image")
def negotiated() -> Response:
    """The pig in the format ``Accept`` asks for by name; 406 if it names none of them.

    Like httpbin.org, this wants an image type *named*: WebP first, then SVG, JPEG,
    and PNG (also for ``image/*``). A bare ``*/*``, what most clients send when told
    nothing, gets ``406 Not Acceptable``. A type given ``q=0`` is refused (RFC 9110
    12.4.2), and ``Vary: Accept`` tells caches the answer depends on that header.
    """
    named = {media_type for media_type, quality in request.accept_mimetypes if quality > 0}
    for wanted in ACCEPTED_IMAGE_TYPES:
        if wanted in named:
            chosen = "image/png" if wanted == "image/*" else wanted
            return Response(FORMATS[chosen](), content_type=chosen, headers={"Vary": "Accept"})
    return Response(NOT_ACCEPTABLE, status=406, mimetype="application/json")


@blueprint.get("/image/<kind>")
def one_format(kind: str) -> Response:
    """The pig as ``png``, ``jpeg``, ``webp`` or ``svg``."""
    media_type = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp",
                  "svg": "image/svg+xml"}.get(kind)
    if media_type is None:
        fail(f"no image/{kind}; try png, jpeg, webp or svg", 404)
    # content_type, not mimetype: Flask would add "; charset=utf-8" to image/svg+xml.
    return Response(FORMATS[media_type](), content_type=media_type)
