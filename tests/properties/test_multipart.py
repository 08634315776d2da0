"""Multipart uploads: any fields and files sent with ``data=`` and ``files=`` arrive intact.

httplib builds the ``multipart/form-data`` body (RFC 7578) with urllib3, and the demo
server parses it with werkzeug, as a Flask app in production would. Two round trips:

* ``POST /post`` echoes ``form`` (the ``data=`` fields) and ``files`` (each file's
  contents, by field name: UTF-8 as text, other bytes as a base64 ``data:`` URL);
* ``POST /upload`` saves the ``image`` file under ``secure_filename(filename)``: that
  shows the file *name* arrived too (``/post`` does not echo names).

Names that do not survive, and why (encoder and parser disagree; neither is wrong):
urllib3 escapes ``"``, CR and LF in a name as ``%22``, ``%0D``, ``%0A``, as browsers do
(WHATWG HTML); werkzeug decodes ``%22`` but leaves ``%0D%0A`` as they are, and reads a
backslash as an escape (``a\\b`` arrives as ``ab``), as RFC 9110's quoted-string says.
So names here have no backslash, CR, LF or ``%``. Path tricks (``../``) in file names
are tested elsewhere; here ``secure_filename`` just has to be predictable.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.utils import secure_filename

from servers.httpbin.common import as_text
from tests.properties.conftest import TIMEOUT

NAMES = st.text(st.characters(codec="utf-8", exclude_characters="\\\r\n%"), max_size=8)
VALUES = st.text(st.characters(codec="utf-8"), max_size=8)
CONTENTS = st.one_of(st.binary(max_size=64), VALUES.map(str.encode))  # binary, or UTF-8 text
CONTENT_TYPES = st.sampled_from([None, "application/octet-stream", "image/png", "text/plain"])
# Names secure_filename keeps as they are, and names it changes (spaces, unicode...).
FILE_NAMES = st.one_of(st.text(st.sampled_from("abcXYZ019._- "), min_size=1, max_size=10), NAMES)
FILES = st.lists(st.tuples(NAMES, FILE_NAMES, CONTENTS, CONTENT_TYPES), min_size=1, max_size=3)


def grouped(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Fields as httpbin shows them: a name sent once has its value, several times a list."""
    seen: dict[str, list[Any]] = {}
    for name, value in pairs:
        seen.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in seen.items()}


@given(fields=st.dictionaries(NAMES, st.one_of(VALUES, st.lists(VALUES, min_size=1, max_size=3)),
                              max_size=3),
       files=FILES)
def test_fields_and_files_come_back_from_the_post_echo(demo, client, fields, files):
    """Every field, every file (binary included), under its own name, in order."""
    sent_files = [(field, (filename, content) if kind is None else (filename, content, kind))
                  for field, filename, content, kind in files]
    response = client.post(demo.httpbin + "/post", data=fields, files=sent_files,
                           timeout=TIMEOUT)

    assert response.status_code == 200
    echo = response.json()
    field_pairs = [(name, value) for name, values in fields.items()
                   for value in (values if isinstance(values, list) else [values])]
    assert echo["form"] == grouped(field_pairs)
    # A part without its own Content-Type is described as application/octet-stream.
    assert echo["files"] == grouped([(field, as_text(content, kind or "application/octet-stream"))
                                     for field, _, content, kind in files])
    assert echo["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")


@given(filename=FILE_NAMES, content=CONTENTS)
def test_a_file_name_arrives_and_is_saved_under_its_secure_version(demo, client, filename,
                                                                   content):
    """``/upload`` keeps the name werkzeug parsed, made safe by ``secure_filename``
    (ASCII letters, digits, ``._-``): the file is there with exactly the bytes sent.
    A name with nothing safe left in it is refused with a 400."""
    response = client.post(demo.httpbin + "/upload", files={"image": (filename, content)},
                           timeout=TIMEOUT)

    safe = secure_filename(filename)
    if safe:
        assert response.status_code == 200, response.text
        assert (demo.upload_dir / safe).read_bytes() == content
    else:
        assert response.status_code == 400
        assert "unusable file name" in response.text

