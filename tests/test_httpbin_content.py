"""The httpbin stand-in, part 3: formats, images, streams, caching, /unstable, /upload."""

from __future__ import annotations

import json
import struct
import uuid
import zlib
from xml.etree import ElementTree

import pytest

from servers.httpbin.streams import MAX_RANDOM_BYTES

MIB = 1024 * 1024


# --- formats --------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "encoding", "flag"), [("/gzip", "gzip", "gzipped"),
                                                        ("/deflate", "deflate", "deflated")])
def test_compressed_bodies(demo, http, path, encoding, flag):
    r = http.get(demo.httpbin + path, stream=True)
    assert r.headers["Content-Encoding"] == encoding
    raw = r.raw.read(decode_content=False)
    assert int(r.headers["Content-Length"]) == len(raw)
    body = json.loads(zlib.decompress(raw, wbits=47))  # 47: gzip or zlib header
    assert body[flag] is True
    assert body["method"] == "GET" and body["origin"] == "127.0.0.1"
    assert http.get(demo.httpbin + path).json()[flag] is True  # requests decodes it


def test_brotli_only_when_available(demo, http):
    try:
        import brotli  # noqa: F401
    except ImportError:
        assert http.get(demo.httpbin + "/brotli").status_code == 404
    else:
        assert http.get(demo.httpbin + "/brotli").headers["Content-Encoding"] == "br"


def test_utf8_page(demo, http):
    r = http.get(demo.httpbin + "/encoding/utf8")
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.encoding == "utf-8"
    assert "Grüße" in r.text and "你好" in r.text and "🐍" in r.text
    assert len(r.content) > len(r.text)  # multi-byte characters


def test_sample_documents(demo, http):
    html = http.get(demo.httpbin + "/html")
    assert html.headers["Content-Type"].startswith("text/html")
    assert "<h1>Herman Melville - Moby-Dick</h1>" in html.text
    slideshow = http.get(demo.httpbin + "/json").json()["slideshow"]
    assert slideshow["title"] == "Sample Slide Show"
    assert [slide["title"] for slide in slideshow["slides"]] == [
        "Wake up to WonderWidgets!", "Overview"]
    xml = http.get(demo.httpbin + "/xml")
    assert xml.headers["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "slideshow" and root.get("author") == "Yours Truly"
    assert [title.text for title in root.iter("title")] == ["Wake up to WonderWidgets!", "Overview"]


def test_robots_and_deny(demo, http):
    robots = http.get(demo.httpbin + "/robots.txt")
    assert robots.text == "User-agent: *\nDisallow: /deny\n"
    assert "YOU SHOULDN'T BE HERE" in http.get(demo.httpbin + "/deny").text


def test_links(demo, http):
    r = http.get(demo.httpbin + "/links/5")
    assert r.url == demo.httpbin + "/links/5/0"
    assert r.text.count("<a href=") == 4
    assert "<a href='/links/5/2'>2</a>" in r.text
    assert "<a href='/links/5/0'>" not in r.text  # the current page is not a link
    for path in ("/links/0", "/links/201/0", "/links/5/5", "/links/x/0", "/links/5/-1"):
        assert http.get(demo.httpbin + path).status_code == 400


# --- images ---------------------------------------------------------------------------


def _check_png(data: bytes) -> tuple[int, int]:
    """Walk the PNG's chunks, checking every CRC; return (width, height)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, kinds = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind_and_data = data[position + 4:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind_and_data) == crc
        kinds.append(kind_and_data[:4])
        position += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]
    return struct.unpack(">II", data[16:24])


def test_image_formats_are_real(demo, http):
    png = http.get(demo.httpbin + "/image/png")
    assert png.headers["Content-Type"] == "image/png"
    assert _check_png(png.content) == (128, 96)
    jpeg = http.get(demo.httpbin + "/image/jpeg")
    assert jpeg.headers["Content-Type"] == "image/jpeg"
    assert jpeg.content[:3] == b"\xff\xd8\xff" and jpeg.content[-2:] == b"\xff\xd9"
    webp = http.get(demo.httpbin + "/image/webp")
    assert webp.headers["Content-Type"] == "image/webp"
    assert webp.content[:4] == b"RIFF" and webp.content[8:16] == b"WEBPVP8L"
    assert struct.unpack("<I", webp.content[4:8])[0] == len(webp.content) - 8
    svg = http.get(demo.httpbin + "/image/svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert ElementTree.fromstring(svg.content).tag == "{http://www.w3.org/2000/svg}svg"
    assert http.get(demo.httpbin + "/image/gif").status_code == 404


@pytest.mark.parametrize(("accept", "expected"), [
    ("image/webp", "image/webp"), ("image/svg+xml", "image/svg+xml"),
    ("image/jpeg", "image/jpeg"), ("image/png", "image/png"), ("image/*", "image/png"),
    ("image/jpeg;q=0.5, image/webp", "image/webp"), ("image/webp;q=0, image/png", "image/png")])
def test_image_content_negotiation(demo, http, accept, expected):
    r = http.get(demo.httpbin + "/image", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == expected
    assert r.headers["Vary"] == "Accept"


@pytest.mark.parametrize("accept", ["*/*", "text/html"])
def test_image_wants_an_image_type_named(demo, http, accept):
    r = http.get(demo.httpbin + "/image", headers={"Accept": accept})
    assert r.status_code == 406
    assert r.json()["accept"] == ["image/webp", "image/svg+xml", "image/jpeg", "image/png",
                                  "image/*"]


def test_image_not_acceptable(demo, http):
    r = http.get(demo.httpbin + "/image", headers={"Accept": "text/html"})
    assert r.status_code == 406


# --- streams --------------------------------------------------------------------------


def test_stream_sends_json_lines(demo, http):
    r = http.get(demo.httpbin + "/stream/3?x=1", stream=True)
    assert r.headers["Transfer-Encoding"] == "chunked"
    lines = [json.loads(line) for line in r.iter_lines()]
    assert [line["id"] for line in lines] == [0, 1, 2]
    assert all(line["args"] == {"x": "1"} for line in lines)
    assert sorted(lines[0]) == ["args", "headers", "id", "origin", "url"]


def test_stream_is_capped_at_100_lines(demo, http):
    assert len(http.get(demo.httpbin + "/stream/100000").text.splitlines()) == 100
    assert http.get(demo.httpbin + "/stream/-1").status_code == 400


def test_bytes_are_deterministic(demo, http):
    first = http.get(demo.httpbin + "/bytes/1000")
    assert first.headers["Content-Type"] == "application/octet-stream"
    assert len(first.content) == 1000
    assert http.get(demo.httpbin + "/bytes/1000").content == first.content
    assert http.get(demo.httpbin + "/bytes/1000?seed=0").content == first.content
    other = http.get(demo.httpbin + "/bytes/1000?seed=42").content
    assert other != first.content
    assert http.get(demo.httpbin + "/bytes/1000?seed=42").content == other


def test_stream_bytes_match_bytes_but_arrive_chunked(demo, http):
    r = http.get(demo.httpbin + "/stream-bytes/5000?seed=7&chunk_size=1000", stream=True)
    assert r.headers["Transfer-Encoding"] == "chunked"
    chunks = list(r.raw.read_chunked())
    assert [len(chunk) for chunk in chunks] == [1000] * 5
    assert b"".join(chunks) == http.get(demo.httpbin + "/bytes/5000?seed=7").content


@pytest.mark.parametrize("path", ["/bytes/-1", "/bytes/abc", f"/bytes/{MAX_RANDOM_BYTES + 1}",
                                  "/bytes/10?seed=x", "/stream-bytes/-5",
                                  "/stream-bytes/10?chunk_size=0",
                                  f"/stream-bytes/{MAX_RANDOM_BYTES + 1}?chunk_size=1"])
def test_byte_endpoints_refuse_bad_sizes(demo, http, path):
    assert http.get(demo.httpbin + path).status_code == 400


@pytest.mark.parametrize("path", ["/range/-1", "/range/0", f"/range/{MAX_RANDOM_BYTES + 1}"])
def test_range_says_its_bounds_with_a_404_as_httpbin_does(demo, http, path):
    r = http.get(demo.httpbin + path)
    assert r.status_code == 404
    assert r.text == "number of bytes must be in the range (0, 102400]"


def test_bytes_up_to_the_cap(demo, http):
    body = http.get(f"{demo.httpbin}/bytes/{MAX_RANDOM_BYTES}?seed=3").content
    assert len(body) == MAX_RANDOM_BYTES


def test_range_whole_and_partial(demo, http):
    whole = http.get(demo.httpbin + "/range/30")
    assert whole.status_code == 200
    assert whole.content == b"abcdefghijklmnopqrstuvwxyzabcd"
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = http.get(demo.httpbin + "/range/30", headers={"Range": "bytes=24-27"})
    assert part.status_code == 206
    assert part.content == b"yzab"
    assert part.headers["Content-Range"] == "bytes 24-27/30"
    tail = http.get(demo.httpbin + "/range/30", headers={"Range": "bytes=-3"})
    assert (tail.status_code, tail.content) == (206, b"bcd")
    rest = http.get(demo.httpbin + "/range/30", headers={"Range": "bytes=28-"})
    assert (rest.content, rest.headers["Content-Range"]) == (b"cd", "bytes 28-29/30")
    clipped = http.get(demo.httpbin + "/range/30", headers={"Range": "bytes=25-1000"})
    assert clipped.headers["Content-Range"] == "bytes 25-29/30"


@pytest.mark.parametrize("header", ["bytes=30-40", "bytes=5-2"])
def test_range_not_satisfiable(demo, http, header):
    r = http.get(demo.httpbin + "/range/30", headers={"Range": header})
    assert (r.status_code, r.content) == (416, b"")
    assert r.headers["Content-Range"] == "bytes */30"


@pytest.mark.parametrize("header", ["lines=1-2", "bytes=1-2,4-5", "nonsense"])
def test_range_ignores_ranges_it_cannot_use(demo, http, header):
    r = http.get(demo.httpbin + "/range/10", headers={"Range": header})
    assert (r.status_code, r.content) == (200, b"abcdefghij")
    assert r.headers["Content-Range"] == "bytes 0-9/10"  # on a whole 200 too, as httpbin


def test_drip(demo, http):
    r = http.get(demo.httpbin + "/drip?duration=0.2&numbytes=5&code=201", stream=True)
    assert r.status_code == 201
    assert r.headers["Content-Length"] == "5"
    assert r.content == b"*****"
    assert r.elapsed.total_seconds() < 1
    big = http.get(demo.httpbin + "/drip?duration=0&numbytes=1000000")
    assert big.content == b"*" * 1_000_000


@pytest.mark.parametrize("query", ["numbytes=0", "numbytes=-1", f"numbytes={10 * MIB + 1}",
                                   "duration=-1", "duration=abc", "delay=nan", "code=99",
                                   "code=204", "code=x"])
def test_drip_refuses_bad_input(demo, http, query):
    assert http.get(demo.httpbin + "/drip?" + query).status_code == 400


# --- caching --------------------------------------------------------------------------


def test_cache_and_conditional_requests(demo, http):
    r = http.get(demo.httpbin + "/cache")
    assert r.status_code == 200
    assert "Last-Modified" in r.headers and "ETag" in r.headers
    assert r.json()["url"] == demo.httpbin + "/cache"
    again = http.get(demo.httpbin + "/cache", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = {"If-Modified-Since": r.headers["Last-Modified"]}
    assert http.get(demo.httpbin + "/cache", headers=since).status_code == 304


def test_cache_max_age(demo, http):
    r = http.get(demo.httpbin + "/cache/60")
    assert r.headers["Cache-Control"] == "public, max-age=60"
    assert "args" in r.json()
    assert http.get(demo.httpbin + "/cache/-1").status_code == 400
    assert http.get(demo.httpbin + "/cache/soon").status_code == 400


def test_etag(demo, http):
    url = demo.httpbin + "/etag/v1"
    r = http.get(url)
    assert r.status_code == 200 and r.headers["ETag"] == '"v1"'
    assert http.get(url, headers={"If-None-Match": '"v1"'}).status_code == 304
    assert http.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert http.get(url, headers={"If-None-Match": '"v0"'}).status_code == 200
    assert http.get(url, headers={"If-Match": '"v1"'}).status_code == 200
    assert http.get(url, headers={"If-Match": '"v0"'}).status_code == 412
    assert http.get(demo.httpbin + "/etag/%0a").status_code == 400
    assert http.get(demo.httpbin + '/etag/"quoted"').status_code == 400


def test_response_headers(demo, http):
    r = http.get(demo.httpbin + "/response-headers?X-Lesson=7&X-Multi=a&X-Multi=b&freeform=")
    assert r.headers["X-Lesson"] == "7"
    assert r.raw.headers.getlist("X-Multi") == ["a", "b"]
    body = r.json()
    assert body["X-Lesson"] == "7" and body["X-Multi"] == ["a", "b"] and body["freeform"] == ""
    assert body["Content-Type"] == "application/json"
    assert body["Content-Length"] == r.headers["Content-Length"] == str(len(r.content))
    typed = http.post(demo.httpbin + "/response-headers?Content-Type=text/plain")
    assert typed.headers["Content-Type"] == "text/plain"


@pytest.mark.parametrize("query", ["Content-Length=5", "Bad%20Name=1", "X-A=%0d%0aX-B:1",
                                   "X-A=caf%C3%A9"])
def test_response_headers_refuses_unsafe_headers(demo, http, query):
    assert http.get(demo.httpbin + "/response-headers?" + query).status_code == 400


# --- /unstable ------------------------------------------------------------------------


def test_unstable_with_a_seed_is_reproducible(demo, http):
    def run(seed: int) -> list[int]:
        return [http.get(f"{demo.httpbin}/unstable?seed={seed}&failure_rate=0.5").status_code
                for _ in range(12)]

    first = run(1234)
    assert set(first) == {200, 500}
    # The same seed on a fresh server would repeat `first`; here, a new seed value
    # starts its own sequence, and two seeds that differ give different patterns.
    assert run(98765) != first


def test_unstable_extremes(demo, http):
    assert http.get(demo.httpbin + "/unstable?failure_rate=0").json()["args"]["failure_rate"] == "0"
    assert http.get(demo.httpbin + "/unstable?failure_rate=1").status_code == 500


@pytest.mark.parametrize("query", ["failure_rate=2", "failure_rate=-0.1", "failure_rate=x",
                                   "failure_rate=nan", "seed=abc", "fail_times=-1",
                                   "fail_times=x"])
def test_unstable_refuses_bad_input(demo, http, query):
    assert http.get(demo.httpbin + "/unstable?" + query).status_code == 400


def test_unstable_fail_times(demo, http):
    key = uuid.uuid4().hex
    url = f"{demo.httpbin}/unstable?fail_times=2&key={key}"
    first, second, third = (http.get(url) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.headers["Retry-After"] == "0"
    # The round starts over, so re-running a lesson shows the same story.
    assert [http.get(url).status_code for _ in range(3)] == [503, 503, 200]
    assert http.get(f"{demo.httpbin}/unstable?fail_times=0&key={key}").status_code == 200


def test_unstable_sequence_restarts_with_a_fresh_app(http):
    """Two demo sets: the same seed gives the same sequence on each."""
    import servers

    runs = []
    for _ in range(2):
        with servers.Demo() as fresh:
            runs.append([http.get(f"{fresh.httpbin}/unstable?seed=5").status_code
                         for _ in range(10)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 500}


# --- /upload --------------------------------------------------------------------------


def test_upload_saves_the_file(demo, http):
    data = bytes(range(256)) * 10
    r = http.post(demo.httpbin + "/upload", files={"image": ("pig.png", data, "image/png")})
    assert (r.status_code, r.text) == (200, "image uploaded successfully")
    assert (demo.upload_dir / "pig.png").read_bytes() == data


def test_upload_keeps_traversal_names_inside_the_folder(demo, http):
    r = http.post(demo.httpbin + "/upload", files={"image": ("../../etc/passwd", b"nope")})
    assert r.status_code == 200
    assert (demo.upload_dir / "etc_passwd").read_bytes() == b"nope"
    assert all(path.parent == demo.upload_dir for path in demo.upload_dir.rglob("*"))


@pytest.mark.parametrize("name", ["", "..", "../", "///"])
def test_upload_refuses_names_that_come_to_nothing(demo, http, name):
    r = http.post(demo.httpbin + "/upload", files={"image": (name, b"x")})
    assert r.status_code == 400


def test_upload_needs_the_image_field(demo, http):
    r = http.post(demo.httpbin + "/upload", files={"photo": ("a.png", b"x")})
    assert r.status_code == 400
    assert "failed to upload image: no 'image' field" in r.text
    assert http.post(demo.httpbin + "/upload", data="not a form").status_code == 400


def test_upload_over_16_mib_is_refused(demo, http):
    r = http.post(demo.httpbin + "/upload", files={"image": ("big.bin", b"x" * (16 * MIB + 1))})
    assert r.status_code == 413
    assert not (demo.upload_dir / "big.bin").exists()


def test_upload_form(demo, http):
    r = http.get(demo.httpbin + "/upload")
    assert r.headers["Content-Type"].startswith("text/html")
    assert 'name="image"' in r.text and 'enctype="multipart/form-data"' in r.text
