"""Grading tooling: what an instructor's or a student's grading run uses, never what a
notebook calls.

* :mod:`~gradelib.grading.preprocessors`: the nbgrader preprocessors that
  ``nbgrader_config.py`` adds to autograde and feedback;
* :mod:`~gradelib.grading.selfcheck`: ``gradelib check``, a student's own grading run;
* :mod:`~gradelib.grading.cli`: the ``gradelib`` command;
* :mod:`~gradelib.grading.course`: the course folder as instructors, the tests and the
  benchmark use it (scratch copies, nbgrader runs, completed submissions).

Imports run one way: this subpackage uses the checks of :mod:`gradelib`, and nothing
outside it imports from here.
"""
