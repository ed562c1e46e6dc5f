"""The judge: hidden tests that run in the grader's process, never in the student's kernel.

A notebook's hidden tests live in ``judges/<notebook>.py`` at the course root, outside
``solutions/`` (so nbgrader never copies them into a release or an autograded folder).
That module defines one function per autograded test cell, named by the cell's
``grade_id`` and taking a :class:`Student`::

    def test_softplus(student):
        softplus = student.function("softplus")
        gradelib.check_close(softplus(x), np.logaddexp(0, x), name="softplus", ...)

``student.function(name)`` returns a stand-in for the student's function: calling it
sends the arguments to the kernel as data (:mod:`gradelib.wire`), the kernel calls the
student's function, and the value comes back as data. The checks (``check_close``,
the known mistakes) then run here, where the student's code cannot reach them. An
exception the student's function raised comes back as the builtin exception of the
same kind (a ``ValueError`` as a ``ValueError``), marked :class:`StudentRaised`, so a
hidden test reads like one written in the notebook.

:class:`ExecuteAndJudge` (nbgrader's ``Execute``, then the judge, in the same kernel)
appends each failing judge's message to its test cell as an error output, so nbgrader
scores the cell 0 and the feedback says why. A test cell thus earns its points only
when its visible tests pass in the kernel *and* its judge passes here.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import nbformat
import numpy as np
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from .. import wire
from ..gradcheck import check_gradient, fail_no_gradient, fail_on_tensors, numeric_gradient
from ..i18n import add, text
from .preprocessors import is_autograded_test
from .sandbox import SandboxedKernelManager

add({
    "judge: time ran out": {
        "en": "{function}: the time for this exercise's hidden tests ran out",
        "ko": "{function}: 이 연습의 숨은 테스트에 주어진 시간이 다 지났습니다",
    },
    "judge: did not return": {
        "en": "{function} did not return within {seconds} s (an endless loop?)",
        "ko": "{function}이(가) {seconds}초 안에 반환하지 않았습니다(무한 루프인가요?)",
    },
    "judge: no reply": {
        "en": "{function}: the kernel gave no reply ({errors})",
        "ko": "{function}: 커널이 응답하지 않았습니다({errors})",
    },
    "judge: no errors": {"en": "none", "ko": "오류 없음"},
    "judge: value too large": {
        "en": "{function}: its value is larger than {limit} bytes",
        "ko": "{function}: 반환값이 {limit}바이트보다 큽니다",
    },
    "judge: value unreadable": {
        "en": "{function}: its value could not be read ({error})",
        "ko": "{function}: 반환값을 읽을 수 없습니다({error})",
    },
    "judge: gradient with respect to": {
        "en": "{name} (gradient with respect to {wrt})",
        "ko": "{name} ({wrt}에 대한 기울기)",
    },
    "judge: from the hidden tests": {
        "en": "(from the hidden tests, which the grader runs outside your notebook)",
        "ko": "(숨은 테스트에서 나온 오류입니다. 숨은 테스트는 채점기가 노트북 밖에서 "
              "실행합니다)",
    },
    "judge: kernel died": {
        "en": "the kernel died during the hidden tests",
        "ko": "숨은 테스트를 실행하는 동안 커널이 종료되었습니다",
    },
    "judge: grader error": {
        "en": "the grader's hidden tests failed to run ({kind}: {error})",
        "ko": "채점기의 숨은 테스트를 실행하지 못했습니다({kind}: {error})",
    },
})

CALL_TIMEOUT = 20      # seconds for one call of a student's function
CELL_BUDGET = 40       # seconds for all the calls of one test cell's judge
# the log line that gives when each stage of a graded notebook ended (epoch seconds):
# kernel (started and answering), setup cell (the first code cell: the imports), cells
# (the rest of the notebook), judges, kernel shutdown; read by gradelib.grading.batch
STAGES_MARK = "Grading stages ended at:"


class StudentRaised(Exception):
    """Base of the exceptions that stand for one a student's function raised."""

    student_type = "Exception"


class NoReply(AssertionError):
    """The kernel gave no usable reply: the call timed out, the kernel died, or the
    reply was not valid data."""


_RAISED: dict[str, type] = {}


def _as_raised(type_name: str, bases: list[str], message: str) -> StudentRaised:
    """An exception of the nearest builtin kind in ``bases`` (never a BaseException
    that is not an Exception, such as SystemExit), also a :class:`StudentRaised`."""
    kind = next((b for b in bases if isinstance(getattr(builtins, b, None), type)
                 and issubclass(getattr(builtins, b), Exception)), "Exception")
    if kind == "Exception":
        exc = StudentRaised(message)
    else:
        if kind not in _RAISED:
            _RAISED[kind] = type(kind, (getattr(builtins, kind), StudentRaised), {})
        exc = _RAISED[kind](message)
    exc.student_type = type_name
    return exc


class Student:
    """The student's kernel as the judge sees it.

    Args:
        run: ``run(code, timeout)`` executes ``code`` in the student's kernel and
            returns the outputs (nbformat output dicts).
        budget: seconds all calls together may take.
    """

    def __init__(self, run: Callable[[str, float], list], budget: float = CELL_BUDGET):
        self._run = run
        self._deadline = time.monotonic() + budget

    def _ask(self, function: str, code: str):
        left = self._deadline - time.monotonic()
        if left <= 1:
            raise NoReply(text("judge: time ran out", function=function))
        outputs = self._run(code, min(CALL_TIMEOUT, left))
        replies = [o for o in outputs if o.get("output_type") == "display_data"
                   and wire.MIME in o.get("data", {})]
        if not replies:
            errors = [o.get("ename", "") for o in outputs if o.get("output_type") == "error"]
            if "CellTimeoutError" in errors or "KeyboardInterrupt" in errors:
                raise NoReply(text("judge: did not return", function=function,
                                   seconds=f"{min(CALL_TIMEOUT, left):.0f}"))
            raise NoReply(text("judge: no reply", function=function,
                               errors=", ".join(errors) or text("judge: no errors")))
        reply = replies[-1]["data"][wire.MIME]
        if isinstance(reply, str):
            reply = json.loads(reply)
        if len(json.dumps(reply)) > wire.MAX_BYTES:
            raise NoReply(text("judge: value too large", function=function,
                               limit=f"{wire.MAX_BYTES:,}"))
        if "raised" in reply:
            raised = reply["raised"]
            raise _as_raised(str(raised.get("type")), list(raised.get("bases", [])),
                             str(raised.get("message", ""))[:2000])
        try:
            return wire.decode(reply["value"])
        except Exception as exc:
            raise NoReply(text("judge: value unreadable", function=function, error=exc)) from exc

    def call(self, function: str, *args, **kwargs):
        """``function(*args, **kwargs)`` in the kernel; its value, decoded."""
        return self._ask(function, wire.request(function, args, kwargs))

    def call_state(self, function: str, *args, compiled: bool = False, **kwargs) -> tuple:
        """``function(*args, **kwargs)`` in the kernel, for a function that changes its
        arguments (a training step updating models): ``(value, after)``, where
        ``after[i]`` is positional argument i after the call as a
        :class:`~gradelib.wire.ModelSpec` when it is a Keras model, else None. Send
        models as ModelSpec and optimizers as :class:`~gradelib.wire.Optimizer`. With
        ``compiled``, the kernel calls ``tf.function(function)``, as a training loop does."""
        return tuple(self._ask(function, wire.request(function, args, kwargs,
                                                      op="call_state", compiled=compiled)))

    def repeat(self, function: str, times: int, *args, **kwargs) -> list:
        """``[function(*args, **kwargs) for _ in range(times)]`` in the kernel (a
        ``numpy.random.Generator`` argument is shared by the calls, as in a loop)."""
        return self._ask(function, wire.request(function, args, kwargs, op="repeat",
                                                times=int(times)))

    def gradient(self, function: str, *args, wrt: int | str, as_tensors: bool = True,
                 output: int | None = None, **kwargs):
        """The gradient of sum(function(...)) (or of sum(function(...)[output])) with
        respect to argument ``wrt`` (a position or a keyword), as ``tf.GradientTape``
        computes it in the kernel with that argument a float64 ``tf.Variable`` and the
        other arrays tensors (if ``as_tensors``); None when TensorFlow finds none."""
        return self._ask(function, wire.request(function, args, kwargs, op="gradient",
                                                wrt=wrt, as_tensors=as_tensors,
                                                output=output))

    def function(self, name: str) -> Callable:
        """A stand-in for the student's function ``name``."""
        def call(*args, **kwargs):
            return self.call(name, *args, **kwargs)
        call.__name__ = name
        return call


def check_autodiff(student: Student, function: str, args: list, *, position: int,
                   reference: Callable, name: str, inputs: dict, wrt: str, tol: float = 1e-6,
                   output: int | None = None) -> None:
    """gradelib.check_autodiff, judged: for ``function(*args)`` with respect to
    ``args[position]``, the gradient of its sum that TensorFlow computes in the kernel
    (the argument a float64 tf.Variable, the other arguments as given) against the
    centred-difference gradient of ``reference`` (which takes the same arguments), with
    check_autodiff's messages."""
    try:
        grad = student.gradient(function, *args, wrt=position, as_tensors=False,
                                output=output)
    except StudentRaised as exc:
        if isinstance(exc, NotImplementedError):   # not answered yet: it passes through
            raise
        fail_on_tensors(name, inputs, exc.student_type, str(exc))
    if grad is None:
        fail_no_gradient(name, inputs, wrt)
    args = [np.array(a, dtype=np.float64) for a in args]

    def total(a):
        value = reference(*args[:position], a, *args[position + 1:])
        return float(np.sum(value if output is None else value[output]))

    numeric = numeric_gradient(total, args[position].copy())
    check_gradient(np.asarray(grad), numeric,
                   name=text("judge: gradient with respect to", name=name, wrt=wrt),
                   inputs=inputs, tol=tol)


def is_setup_cell(cell) -> bool:
    """The course's setup cell: locked, grade id ``setup`` (nbgrader puts a locked cell
    back as released before grading, so a student cannot stretch it)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id") == "setup" and bool(meta.get("locked"))


def load_judges(directory: str | Path, notebook: str) -> ModuleType | None:
    """The judge module ``directory/<notebook>.py``, or None if there is none."""
    path = Path(directory) / f"{notebook}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"gradelib_judges_{notebook}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def error_output(ename: str, evalue: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "error", ename=ename, evalue=evalue,
        traceback=[f"{ename}: {evalue}", text("judge: from the hidden tests")])


def judge_notebook(nb: nbformat.NotebookNode, judges: ModuleType,
                   run: Callable[[str, float], list], log=None,
                   budget: float = CELL_BUDGET) -> dict[str, str]:
    """Run each autograded test cell's judge; a failure is appended to the cell as an
    error output. Cells that already failed in the kernel are not judged again.

    Returns:
        {grade_id: outcome} with outcome "passed", "failed: ...", "not judged: ..."
    """
    outcomes = {}
    dead = None
    for cell in nb.cells:
        if not is_autograded_test(cell):
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        judge = getattr(judges, grade_id, None)
        if judge is None:
            outcomes[grade_id] = "not judged: no judge for this cell"
            if log:
                log.warning("No judge for test cell %s", grade_id)
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            outcomes[grade_id] = "not judged: the cell failed in the kernel"
            continue
        if dead:
            cell.outputs.append(error_output("DeadKernelError", dead))
            outcomes[grade_id] = f"failed: {dead}"
            continue
        try:
            judge(Student(run, budget))
            outcomes[grade_id] = "passed"
        except DeadKernelError:
            dead = text("judge: kernel died")
            cell.outputs.append(error_output("DeadKernelError", dead))
            outcomes[grade_id] = f"failed: {dead}"
        except (AssertionError, StudentRaised) as exc:
            name = (exc.student_type if isinstance(exc, StudentRaised)
                    else type(exc).__name__)
            cell.outputs.append(error_output(name, str(exc)))
            outcomes[grade_id] = f"failed: {name}"
        except Exception as exc:  # a fault in the judge itself: never a silent pass
            message = text("judge: grader error", kind=type(exc).__name__, error=exc)
            cell.outputs.append(error_output("GraderError", message))
            outcomes[grade_id] = f"failed: {message}"
            if log:
                log.error("Judge %s raised %s: %s", grade_id, type(exc).__name__, exc)
    return outcomes


class ExecuteAndJudge(Execute):
    """nbgrader's ``Execute``, then the notebook's judges in the same kernel before it
    shuts down (see the module docstring). The kernel starts in the grading sandbox
    (:class:`~gradelib.grading.sandbox.SandboxedKernelManager`)."""

    judges_directory = Unicode(
        "judges", help="Folder of the judge modules, judges/<notebook>.py").tag(config=True)
    judge_budget = Integer(
        CELL_BUDGET, help="Seconds one test cell's judge may spend in calls").tag(config=True)
    submission_timeout = Integer(
        240, help="Seconds all cells of one submission may take together: once they are "
                  "spent, each cell left gets a few seconds (so endless loops in many cells "
                  "cost this much, not a minute each)").tag(config=True)
    setup_timeout = Integer(
        180, help="Seconds for the course's locked setup cell (grade id 'setup'): it imports "
                  "TensorFlow, which takes long on a loaded grading machine, and it is not "
                  "the student's code, so its time is not the submission's").tag(config=True)
    last_cell_timeout = 5  # seconds a cell gets once the submission's time is spent

    def _get_timeout(self, cell):
        if cell is not None and is_setup_cell(cell):   # None: a request, not a cell
            return self.setup_timeout
        timeout = super()._get_timeout(cell)
        left = self._submission_deadline - time.monotonic()
        if timeout is None:
            return max(int(left), self.last_cell_timeout)
        return max(min(timeout, int(left)), min(timeout, self.last_cell_timeout))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._submission_deadline = time.monotonic() + self.submission_timeout
        notebook = (resources or {}).get("nbgrader", {}).get("notebook", "")
        judges = load_judges(self.judges_directory, notebook) if notebook else None
        if judges is None:
            self.log.warning("No judges for %s in %s: hidden tests do not run",
                             notebook or "this notebook", self.judges_directory)
            return super().preprocess(nb, resources, km)
        # as nbconvert's ExecutePreprocessor.preprocess, plus the judges inside the kernel's
        # lifetime
        from nbclient import NotebookClient
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        times = {"began": time.time()}
        with self.setup_kernel():
            info_msg = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info_msg["content"]["language_info"]
            times["kernel"] = time.time()
            first_code = next((i for i, c in enumerate(self.nb.cells)
                               if c.cell_type == "code"), -1)
            for index, cell in enumerate(self.nb.cells):
                self.preprocess_cell(cell, resources, index)
                if index == first_code:
                    times["setup cell"] = time.time()
                if is_setup_cell(cell):   # the submission's time starts after the setup
                    self._submission_deadline = time.monotonic() + self.submission_timeout
            times.setdefault("setup cell", time.time())
            times["cells"] = time.time()
            self._warn_of_stderr((resources or {}).get("nbgrader", {}).get("student", "?"))
            outcomes = judge_notebook(self.nb, judges, self._run_hidden, self.log,
                                      self.judge_budget)
            times["judges"] = time.time()
            self.log.info("Judged %s in %.1f s: %s", notebook,
                          times["judges"] - times["cells"],
                          ", ".join(f"{k} {v}" for k, v in outcomes.items()))
        times["kernel shutdown"] = time.time()
        self.log.info("%s %s", STAGES_MARK, json.dumps(times))
        self.set_widgets_metadata()
        return self.nb, self.resources

    def _warn_of_stderr(self, student: str) -> None:
        """Name each test cell that wrote to stderr, noise included (IgnorePattern drops
        the noise from the grade later; a student's Validate button does not)."""
        for cell in filter(is_autograded_test, self.nb.cells):
            for output in cell.outputs:
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    first = (output.get("text") or "").strip().splitlines() or [""]
                    self.log.warning("Test cell %s of %s wrote to stderr: %s",
                                     cell.metadata["nbgrader"]["grade_id"], student,
                                     first[0][:200])
                    break

    def _run_hidden(self, code: str, timeout: float) -> list:
        """Run ``code`` in the kernel outside the notebook and history; its outputs."""
        cell = nbformat.v4.new_code_cell(code)
        saved = self.timeout
        self.timeout = max(1, int(timeout))
        self.nb.cells.append(cell)  # nbclient addresses the cell being run by its index
        try:
            self.execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        finally:
            self.nb.cells.remove(cell)
            self.timeout = saved
        return cell.outputs
