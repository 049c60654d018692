"""HTML pages whose large constant parts are compressed once, not on every request.

A page built from a few per-request bits (the CSRF token, the signed-in menu) around large
parts that never change between requests (the chart page's picture, list of areas and
warning-sign questions) is sent gzip-compressed without compressing those parts again:
each `ConstantPart` keeps its raw-deflate form, compressed once and ended on a byte
boundary (a sync flush), and the answer is one gzip stream made of the per-request pieces,
each deflated on its own, and those stored blocks in page order. Deflate streams may be
cut into independent, byte-aligned runs of blocks this way (parallel gzip tools such as
pigz do the same); every browser reads it as ordinary gzip.

Why this is safe against BREACH (compression as a side channel for a secret): a run of
blocks only refers back to bytes inside itself, so no per-request piece is compressed
together with any other piece or with a constant part; the one secret, the CSRF token, is
masked afresh for every answer; the pages that use this reflect nothing from the request;
and the gzip header carries a random-length file name as Django's GZipMiddleware does.
Responses built here have Content-Encoding set, so GZipMiddleware leaves them alone.
"""

import hashlib
import secrets
import struct
import zlib
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString

_LEVEL = 6  # the per-request pieces, as GZipMiddleware compresses
_CONSTANT_LEVEL = 9  # compressed once: the smallest transfer is worth the time
_FINAL_BLOCK = b"\x03\x00"  # an empty last block (fixed Huffman codes)
_HEADER = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff"  # gzip, deflate, FNAME, no mtime


def _deflate(data: bytes, level: int) -> bytes:
    """A byte-aligned run of non-final raw-deflate blocks that refers to nothing before it."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


@dataclass(frozen=True)
class ConstantPart:
    """Rendered HTML that is the same for every request, and its compressed form. Templates
    show `marker` where the part goes; `respond` puts the part there."""

    html: str
    data: bytes
    deflated: bytes
    marker: SafeString

    def __html__(self) -> str:  # a template shows the marker, unescaped
        return self.marker

    __str__ = __html__

    @classmethod
    def of(cls, html: str) -> "ConstantPart":
        data = html.encode()
        digest = hashlib.blake2b(data, digest_size=12).hexdigest()
        marker = SafeString(f"<!--constant-part {digest}-->")
        return cls(html, data, _deflate(data, _CONSTANT_LEVEL), marker)


def _pieces(page: str, parts: list[ConstantPart]) -> list[bytes | ConstantPart]:
    """The page cut at each part's marker, in page order; each marker must appear once."""
    found = sorted((page.index(part.marker), part) for part in parts if part.marker in page)
    if len(found) != len(parts):
        raise ValueError("a constant part's marker is missing from the page")
    pieces: list[bytes | ConstantPart] = []
    start = 0
    for at, part in found:
        pieces += [page[start:at].encode(), part]
        start = at + len(part.marker)
    pieces.append(page[start:].encode())
    return pieces


def gzip_pieces(pieces: list[bytes | ConstantPart]) -> bytes:
    """One gzip member: the pieces deflated one by one, the constant parts as stored."""
    crc, size, body = 0, 0, []
    for piece in pieces:
        data = piece.data if isinstance(piece, ConstantPart) else piece
        crc = zlib.crc32(data, crc)
        size += len(data)
        if data:
            body.append(
                piece.deflated if isinstance(piece, ConstantPart) else _deflate(data, _LEVEL)
            )
    # Django's BREACH mitigation: a file name of random length shifts every byte after it.
    name = b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes) + b"\x00"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return b"".join([_HEADER, name, *body, _FINAL_BLOCK, trailer])


def respond(
    request: HttpRequest, page: str, parts: list[ConstantPart], status: int = 200
) -> HttpResponse:
    """`page` (rendered with the parts' markers) with the parts in place: gzip-compressed
    when the client accepts it, the constant parts not compressed again."""
    pieces = _pieces(page, parts)
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzip_pieces(pieces), status=status)
        response.headers["Content-Encoding"] = "gzip"
    else:
        plain = (piece.data if isinstance(piece, ConstantPart) else piece for piece in pieces)
        response = HttpResponse(b"".join(plain), status=status)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
