"""nbgrader settings for the course; run nbgrader's commands from this folder.

    nbgrader generate_assignment 00_foundations   # solutions/ -> notebooks/
    nbgrader autograde 00_foundations             # submitted/<student>/... -> autograded/
    nbgrader generate_feedback 00_foundations     # autograded/ -> feedback/ (HTML)
    nbgrader export                               # grades.csv
"""

import os
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from gradelib.grading.judge import ExecuteAndJudge
from gradelib.grading.lms import LMSCollector
from gradelib.grading.preprocessors import (
    STDERR_NOISE,
    ClearAddedCellOutputs,
    LimitOutputSize,
    NoCreditByDisplay,
)

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"

# nbgrader's exchange (release_assignment, fetch_assignment, submit, collect,
# release_feedback, fetch_feedback): on one machine a folder beside this file, made on
# first use; on a shared server or JupyterHub, GRADELIB_EXCHANGE names the shared folder
# (nbgrader's default is /usr/local/share/nbgrader/exchange). Students pass the same
# course id and exchange folder (README, "A class through nbgrader's exchange").
c.CourseDirectory.course_id = os.environ.get("GRADELIB_COURSE_ID", "generative-dl")
c.Exchange.root = os.environ.get("GRADELIB_EXCHANGE",
                                 str(Path(__file__).resolve().parent / "exchange"))
# (Notebooks find data/ with gradelib.data_path() from solutions/, notebooks/ and
# autograded/<student>/<assignment>/ alike, so it is not copied into assignments.)

# Late work, by nbgrader's rules: set an assignment's deadline with
#   nbgrader db assignment add 00_foundations --duedate="2027-03-02 23:59:00 UTC"
# and a submission time-stamped after it (`nbgrader submit` writes timestamp.txt) keeps
# its points in the gradebook but scores zero in total (the penalty is its score).
c.LateSubmissionPlugin.penalty_method = "zero"

# Uploads downloaded from Canvas or Moodle (one zip in downloaded/<assignment>/archive/):
# `nbgrader zip_collect <assignment>` files each under submitted/<LMS id>/ and names
# every file it cannot match (gradelib.grading.lms).
c.ZipCollectApp.collector_plugin = LMSCollector

# Grading mode (gradelib.budget) keeps every cell well under this; a loop that never
# ends costs its cell, not the submission.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Output that arrives late on a loaded machine is waited for, not lost (nbclient's
# default of 4 s failed whole submissions while two batches graded at once).
c.Execute.iopub_timeout = 30
# Once the hidden tests are done the kernel is stopped at once, not asked to exit and
# waited for (1-2 s of TensorFlow's teardown per student; the audit still looks for
# processes left running).
c.Execute.shutdown_kernel = "immediate"

# Hidden tests run in this process, not in the student's kernel: after the notebook has
# run, each test cell's judge (judges/<notebook>.py) calls the student's functions in the
# kernel with data and checks what comes back here (gradelib.grading.judge).
c.ExecuteAndJudge.judges_directory = str(Path(__file__).resolve().parent / "judges")

# The kernel runs in a sandbox (bubblewrap, where installed): it sees its own submission
# and data/, not this folder (gradebook, solutions, judges, other students' work).
c.SandboxedKernelManager.course_root = str(Path(__file__).resolve().parent)

# Test cells a student deleted are put back from the database before grading.
c.OverwriteCells.add_missing_cells = True

# TensorFlow/Keras logs and Python warnings on stderr do not fail a test cell.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = STDERR_NOISE

# nbgrader's own autograde steps (its Execute, with the judges), plus two: text outputs
# are capped in characters (LimitOutput caps lines only), and a test cell's displayed
# value is never read as a score (nbgrader would take `sys.displayhook("ok")` as full
# points).
c.Autograde.autograde_preprocessors = [
    ExecuteAndJudge,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    LimitOutputSize,
    NoCreditByDisplay,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# Feedback is safe to send: HTML and Markdown from cell outputs are sanitised (no
# script a student's code displays runs in the feedback page).
c.HTMLExporter.sanitize_html = True

# Feedback shows the course's cells and the student's answers; hidden tests live in
# judges/ and never enter a notebook; what cells a student added printed is cut.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearAddedCellOutputs,
    CSSHTMLHeaderPreprocessor,
]
c.ClearAddedCellOutputs.release_directory = str(Path(__file__).resolve().parent / "notebooks")
