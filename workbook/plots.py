"""Plots in the lessons: matplotlib figures shown as SVG that is the same on every run.

A lesson draws with matplotlib as usual, then hands the figure to :func:`show`::

    fig, ax = plt.subplots()
    ax.step(times, attempts)
    show(fig)

:func:`show` displays the figure as SVG, with the text drawn as shapes and no date or
random ids inside, so the same figure gives the same bytes on every run and on every
machine with this matplotlib. That lets nbval compare a picture of fixed numbers (a
backoff schedule) like any other output. A picture of measured timings differs on
every run: its cell says ``# NBVAL_IGNORE_OUTPUT``.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib
from IPython.display import SVG, display

STABLE_SVG = {"svg.hashsalt": "httplib-workbook", "svg.fonttype": "path"}
"""Fixed ids instead of random ones; text as paths, so no installed font is needed."""


def show(figure: Any) -> None:
    """Display ``figure`` as stable SVG, then close it (so Jupyter does not draw it twice)."""
    import matplotlib.pyplot as plt  # loaded only when a lesson plots

    buffer = io.StringIO()
    with matplotlib.rc_context(STABLE_SVG):
        figure.savefig(buffer, format="svg", bbox_inches="tight",
                       metadata={"Date": None, "Creator": None})
    plt.close(figure)
    display(SVG(buffer.getvalue()))
