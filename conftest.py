"""Settings for every test run, the lessons' included: nothing touches the tester's own files.

Check cells record their results in the learner's progress record
(``workbook.progress``). During tests, the lessons run in kernels that inherit this
process's environment, so pointing ``WORKBOOK_PROGRESS`` at a fresh temporary file here,
before any kernel starts, keeps the tester's real record untouched.
"""

from __future__ import annotations

import os
import tempfile

os.environ["WORKBOOK_PROGRESS"] = os.path.join(
    tempfile.mkdtemp(prefix="workbook-progress-"), "progress.sqlite3")
