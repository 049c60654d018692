"""Pages with constant parts compressed once (config.precompressed): a browser reads the
same page as uncompressed, and nothing secret shares a compression window with anything."""

import gzip
import re
import zlib

import pytest

from config.precompressed import ConstantPart, gzip_pieces

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _without_token(html: bytes) -> bytes:
    return TOKEN.sub(b"TOKEN", html)


def test_the_compressed_chart_page_reads_as_the_same_page_as_the_uncompressed_one(client):
    compressed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get("/")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")
    html = gzip.decompress(compressed.content)
    assert _without_token(html) == _without_token(plain.content)
    assert b"constant-part" not in html
    assert html.count(b'id="pick-temple-r"') == 1 and html.rstrip().endswith(b"</html>")


def test_a_form_sent_back_with_errors_keeps_what_was_ticked_and_reads_whole(client):
    response = client.post(
        "/assessment/",
        {"regions": ["nowhere"], "symptoms": ["fever"]},
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 400
    html = gzip.decompress(response.content).decode()
    assert re.search(r'value="fever" checked', html)
    assert 'id="form-errors"' in html and "constant-part" not in html


def test_every_answer_carries_a_fresh_token_and_a_header_of_random_length(client):
    answers = [client.get("/", HTTP_ACCEPT_ENCODING="gzip").content for _ in range(12)]
    tokens = {TOKEN.search(gzip.decompress(answer)).group() for answer in answers}  # type: ignore[union-attr]
    assert len(tokens) == 12
    assert len({len(answer) for answer in answers}) > 1


@pytest.mark.parametrize(
    "pieces",
    [
        [b"<p>", "constant", b"</p>"],
        [b"", "constant", b"", "other constant", b""],
        [b"only per request" * 500],
    ],
)
def test_pieces_compressed_apart_join_into_one_valid_gzip_stream(pieces):
    parts = {"constant": ConstantPart.of("x" * 70_000), "other constant": ConstantPart.of("é")}
    joined = [parts[piece] if isinstance(piece, str) else piece for piece in pieces]
    expected = b"".join(p.data if isinstance(p, ConstantPart) else p for p in joined)
    stream = gzip_pieces(joined)
    assert gzip.decompress(stream) == expected
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)  # as a browser's zlib reads it
    assert reader.decompress(stream) == expected and reader.eof and not reader.unused_data


def test_a_constant_part_refers_to_nothing_outside_itself():
    """Each run of deflate blocks decodes alone: a per-request secret is never compressed
    against constant text or against another piece (no BREACH-style length oracle)."""
    part = ConstantPart.of("<li>same</li>" * 1000)
    assert zlib.decompressobj(-zlib.MAX_WBITS).decompress(part.deflated) == part.data
