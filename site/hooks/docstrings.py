"""Tidy what mkdocstrings renders from httplib's reST-flavoured docstrings.

The docstrings are written to read well in ``help()`` and in the source: Sphinx roles
(``:class:`Session```), a ``::`` before a literal block, doctest lines marked
``# doctest: +SKIP``. Rendered as Markdown on the API pages (``reference/``) those
show as stray punctuation, so this hook removes them from the HTML:
``:class:`Session``` reads as ``Session``, ``requests``::`` as ``requests``:``.
"""

from __future__ import annotations

import re

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data|obj|const):(?=<code>)")
_LITERAL_MARK = re.compile(r"(\S)::(?=</p>)")
_DOCTEST_DIRECTIVE = re.compile(
    r'[ \t]*(?:<span class="c1">#\s*doctest:[^<]*</span>|#\s*doctest:[^\n<]*)')


def on_page_content(html: str, page, config, files) -> str:
    if not page.file.src_uri.startswith("reference/"):
        return html
    html = _ROLE.sub("", html)
    html = _LITERAL_MARK.sub(r"\1:", html)
    return _DOCTEST_DIRECTIVE.sub("", html)
