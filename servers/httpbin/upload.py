"""File upload: ``POST /upload`` with a multipart form whose ``image`` field holds a file.

This is the small Flask upload app from the texts. Whatever the client calls the file,
the server decides where it goes: :func:`werkzeug.utils.secure_filename` turns
``../../etc/passwd`` into ``etc_passwd``, so a file can never be written outside the
upload folder (``demo.upload_dir``). Bodies over 16 MiB never reach the view: Flask
answers ``413 Content Too Large`` first (``MAX_CONTENT_LENGTH``).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, request
from werkzeug.utils import secure_filename

from servers.httpbin.common import fail

blueprint = Blueprint("upload", __name__)

FORM = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Upload an image</title></head>
<body>
<h1>Upload an image</h1>
<form action="/upload" method="post" enctype="multipart/form-data">
  <input type="file" name="image">
  <button type="submit">Upload</button>
</form>
</body></html>
"""


@blueprint.get("/upload")
def form() -> Response:
    """A tiny HTML form that posts a file as the ``image`` field."""
    return Response(FORM, mimetype="text/html")


@blueprint.post("/upload")
def upload() -> Response:
    """Save the ``image`` file into the upload folder under a safe version of its name."""
    image = request.files.get("image")
    if image is None:
        fail("failed to upload image: no 'image' field")
    name = secure_filename(image.filename or "")
    if not name:
        fail(f"failed to upload image: unusable file name {image.filename!r}")
    folder = Path(current_app.config["UPLOAD_DIR"])
    image.save(folder / name)
    return Response("image uploaded successfully", mimetype="text/plain")
