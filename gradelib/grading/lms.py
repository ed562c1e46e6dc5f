"""Submissions downloaded from an LMS, for ``nbgrader zip_collect``.

Canvas and Moodle hand an instructor one zip of every student's upload; nbgrader's
``zip_collect`` extracts it to ``downloaded/ASSIGNMENT/extracted/`` and asks a collector
plugin which student and which notebook each file is. :class:`LMSCollector` (set in
``nbgrader_config.py``) knows both download formats:

- Canvas: ``{name}_{user id}_{submission id}_{file name}``, with ``LATE_`` after the
  name for a late upload and ``-1``, ``-2`` ... before the extension for a re-upload,
  e.g. ``doejohn_LATE_12345_6789012_00_foundations-1.ipynb``;
- Moodle: a folder per student, ``{full name}_{participant id}_assignsubmission_file_/``,
  holding the uploaded file as it was named.

The student id is the LMS's numeric id (Canvas' user id, Moodle's participant id), so
the gradebook and ``nbgrader export`` line up with the LMS's grade import. A file that
matches neither pattern is skipped with a warning that names it (nbgrader then counts
it as invalid), never dropped silently.
"""

from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin

PATTERNS = {
    "Canvas": re.compile(r"(?i:[^_/]+_(?:late_)?)(?P<student_id>\d+)_\d+_"
                         r"(?P<file_id>.+?)(?:-\d+)?(?P<ext>\.ipynb)$"),
    "Moodle": re.compile(r"[^/]+_(?P<student_id>\d+)_assignsubmission_file_/"
                         r"(?P<file_id>[^/]+?)(?P<ext>\.ipynb)$"),
}


class LMSCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector for Canvas and Moodle downloads (module docstring)."""

    def collect(self, submitted_file: str) -> dict | None:
        if os.path.splitext(submitted_file)[1] not in self.valid_ext:
            return None
        parts = submitted_file.replace(os.sep, "/").split("/")
        for lms, pattern in PATTERNS.items():
            # Canvas names the file itself; Moodle names the folder holding it
            name = parts[-1] if lms == "Canvas" else "/".join(parts[-2:])
            match = pattern.match(name)
            if match:
                self.log.info("%s upload of student %s: %s", lms, match["student_id"],
                              submitted_file)
                return {"student_id": match["student_id"],
                        "file_id": match["file_id"] + match["ext"]}
        self.log.warning("Matches no Canvas or Moodle file name, skipped: %s "
                         "(expected e.g. doejohn_12345_6789012_NOTEBOOK.ipynb or "
                         "Jane Doe_12345_assignsubmission_file_/NOTEBOOK.ipynb)",
                         submitted_file)
        return None
