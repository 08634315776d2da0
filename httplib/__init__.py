"""httplib: a small, readable HTTP client with the requests API, built on urllib3.

Code written for requests runs unchanged with ``import httplib as requests``.
The client itself is being built (see the project's issues); this package so far
holds its identity, which lessons print in their first cells.
"""

__title__ = "httplib"
__version__ = "0.1.0"
__copyright__ = "Copyright 2026 The httplib workbook authors"

__all__ = ["__copyright__", "__title__", "__version__"]
