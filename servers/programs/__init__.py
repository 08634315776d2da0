"""The texts' small ``http.server`` programs, one module each.

Every module is complete on its own: a ``Handler`` (a ``BaseHTTPRequestHandler``) and a
``main()`` that serves it on http://127.0.0.1:8000, so a lesson can show the whole
source and a learner can run it with ``python -m servers.programs.<name>``. The demo
launcher serves the same ``Handler`` classes on free ports, quietly.
"""
