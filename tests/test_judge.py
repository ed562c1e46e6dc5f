"""The wire and the judge, in process: what crosses between grader and kernel, how a
student's function is called, and how a judge's verdict lands in a test cell. (The
judge in a real kernel under nbgrader is tested in test_autograde.py.)"""

import json
import time

import nbformat
import numpy as np
import pytest

from conftest import ASSIGNMENTS, judge_path
from gradelib import wire
from gradelib.grading.judge import (
    ExecuteAndJudge,
    NoReply,
    Student,
    StudentRaised,
    judge_notebook,
    load_judges,
)


def in_process(namespace):
    """A ``run`` that answers the judge's calls from ``namespace`` instead of a kernel."""
    def run(code, timeout):
        text = json.loads(code.split("serve(", 1)[1].rsplit(")", 1)[0])
        return [{"output_type": "display_data", "data": {wire.MIME: wire.reply(namespace, text)}}]
    return run


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "text", [1, [2.0, "x"]], (1, 2), {"a": (np.zeros(2),)},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.float32(1.5), np.array([1 + 2j]),
    np.array([True, False]), np.zeros((0, 3)),
])
def test_values_cross_unchanged(value):
    back = wire.decode(json.loads(json.dumps(wire.encode(value))))
    assert type(back) is type(value) or isinstance(value, np.generic)
    np.testing.assert_equal(back, value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape


def test_nan_crosses_and_a_generator_keeps_its_state():
    assert np.isnan(wire.decode(wire.encode(float("nan"))))
    assert wire.decode(wire.encode(np.float64("-inf"))) == -np.inf  # a float subclass
    rng = np.random.default_rng(5)
    rng.random(3)
    copy = wire.decode(json.loads(json.dumps(wire.encode(rng))))
    assert copy.random() == rng.random()


@pytest.mark.parametrize("value", [object(), np.array(["a"]), np.array([{}], dtype=object),
                                   {1: 2}, lambda: 0])
def test_what_cannot_cross_is_named(value):
    with pytest.raises(TypeError, match="cannot be sent|only with string keys"):
        wire.encode(value)


def test_a_pickled_array_is_refused():
    """np.load with allow_pickle=False: an object array in .npy form cannot be decoded."""
    import base64
    import io
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="pickle"):
        wire.decode({"__ndarray__": base64.b64encode(buffer.getvalue()).decode()})


@pytest.mark.parametrize("data", [{"__nope__": 1}, {"a": 1, "b": 2}, {"__float__": "1e999"}])
def test_malformed_data_is_refused(data):
    with pytest.raises(ValueError):
        wire.decode(data)


def test_student_functions_are_called_with_data_and_exceptions_keep_their_kind():
    def raises(x):
        raise KeyError("no such key")

    class Custom(ValueError):
        pass

    def custom(x):
        raise Custom("bad x")

    student = Student(in_process({"double": lambda x: 2 * np.asarray(x), "raises": raises,
                                  "custom": custom, "leave": lambda: exit()}))
    np.testing.assert_array_equal(student.function("double")(np.arange(3)), [0, 2, 4])
    with pytest.raises(KeyError) as info:
        student.call("raises", 1)
    assert isinstance(info.value, StudentRaised)
    with pytest.raises(ValueError, match="bad x") as info:  # a subclass arrives as its base
        student.call("custom", 1)
    assert info.value.student_type == "Custom"
    with pytest.raises(StudentRaised) as info:  # SystemExit is no builtin Exception
        student.call("leave")
    assert not isinstance(info.value, SystemExit)
    with pytest.raises(NameError, match="not defined"):
        student.call("missing")


def test_repeat_shares_one_generator_like_a_loop():
    draws = Student(in_process({"draw": lambda rng: int(rng.integers(100))})).repeat(
        "draw", 5, np.random.default_rng(1))
    rng = np.random.default_rng(1)
    assert draws == [int(rng.integers(100)) for _ in range(5)]


def test_gradient_is_taken_by_tensorflow_in_the_kernel():
    import tensorflow as tf

    student = Student(in_process({"square": lambda x: x ** 2,
                                  "via_numpy": lambda x: np.asarray(x) ** 2,
                                  "scaled": lambda a, x: a * tf.exp(x),
                                  "pair": lambda x: (x ** 2, x ** 3)}))
    x = np.array([1.0, -2.0])
    np.testing.assert_allclose(student.gradient("square", x, wrt=0), 2 * x)
    assert student.gradient("via_numpy", x, wrt=0) is None
    np.testing.assert_allclose(student.gradient("scaled", 3.0, x=x, wrt="x"), 3 * np.exp(x))
    np.testing.assert_allclose(student.gradient("pair", x, wrt=0, output=1), 3 * x ** 2)


def test_models_and_optimizers_cross_to_the_kernel_and_come_back_trained():
    """A training step runs in the kernel on a model and an optimizer the judge sent;
    the judge gets the step's value and the model's weights after it."""
    import keras
    import tensorflow as tf

    def step(model, optimizer, x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(x))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                      model.trainable_variables, strict=True))
        return loss

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    weights = [np.array([[1.0], [2.0]], np.float32), np.array([0.5], np.float32)]
    model.set_weights(weights)
    spec = wire.decode(json.loads(json.dumps(wire.encode(model))))
    assert isinstance(spec, wire.ModelSpec) and spec.class_name == "Sequential"
    x = np.array([[1.0, 1.0], [3.0, -1.0]], np.float32)
    student = Student(in_process({"step": step}))
    loss, after = student.call_state("step", spec, wire.Optimizer("SGD", {"learning_rate": 0.1}),
                                     wire.Tensor(x))
    assert np.isclose(loss, 1 * 1 + 2 * 1 + 0.5 + 3 * 1 - 2 * 1 + 0.5)
    assert isinstance(after[0], wire.ModelSpec) and after[1] is None and after[2] is None
    np.testing.assert_allclose(after[0].weights[0], weights[0] - 0.1 * x.sum(0)[:, None])
    np.testing.assert_allclose(after[0].weights[1], weights[1] - 0.1 * 2)


def test_no_reply_a_timeout_and_a_spent_budget_are_named():
    timeout = [{"output_type": "error", "ename": "CellTimeoutError", "evalue": ""}]
    with pytest.raises(NoReply, match="did not return within"):
        Student(lambda code, t: timeout).call("f")
    with pytest.raises(NoReply, match="no reply"):
        Student(lambda code, t: []).call("f")
    with pytest.raises(NoReply, match="time for this exercise"):
        Student(lambda code, t: [], budget=0).call("f")
    bad = [{"output_type": "display_data", "data": {wire.MIME: {"value": {"__x__": 1}}}}]
    with pytest.raises(NoReply, match="could not be read"):
        Student(lambda code, t: bad).call("f")


def test_request_is_one_line_of_kernel_code_with_no_test_source():
    code = wire.request("conv", (np.ones(2),), {"k": 3})
    assert code.startswith("import gradelib.wire\ngradelib.wire.serve(")
    assert "check_close" not in code and "def " not in code


def judged_cell(grade_id, outputs=()):
    cell = nbformat.v4.new_code_cell("check(f)")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id,
                                 "points": 1, "locked": True, "schema_version": 3}
    cell.outputs = list(outputs)
    return cell


def test_judge_verdicts_land_in_the_test_cells():
    import types

    import gradelib

    def test_good(student):
        gradelib.check_close(student.call("f", 2.0), 4.0, name="f", inputs={"x": 2.0})

    def test_bad(student):
        gradelib.check_close(student.call("f", 3.0), 6.0, name="f", inputs={"x": 3.0})

    def test_broken(student):
        raise RuntimeError("a bug in the judge")

    judges = types.SimpleNamespace(test_good=test_good, test_bad=test_bad,
                                   test_broken=test_broken)
    failed_in_kernel = judged_cell("test_good", [nbformat.v4.new_output(
        "error", ename="NotImplementedError", evalue="", traceback=[])])
    nb = nbformat.v4.new_notebook(cells=[judged_cell("test_good"), judged_cell("test_bad"),
                                         judged_cell("test_broken"), judged_cell("test_none"),
                                         failed_in_kernel])
    outcomes = judge_notebook(nb, judges, in_process({"f": lambda x: x * x}))
    assert [o["ename"] for c in nb.cells for o in c.outputs] == [
        "AssertionError", "GraderError", "NotImplementedError"]
    assert outcomes["test_good"].startswith("not judged")  # the later cell with that id
    assert outcomes["test_bad"].startswith("failed") and outcomes["test_none"].startswith("not")
    assert "expected 6" in nb.cells[1].outputs[0]["evalue"]


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if judge_path(a).is_file()])
def test_every_judge_module_loads_and_takes_a_student(assignment):
    import inspect

    judges = load_judges(judge_path(assignment).parent, assignment)
    functions = [f for name, f in vars(judges).items()
                 if name.startswith("test_") and inspect.isfunction(f)]
    assert functions
    for function in functions:
        assert list(inspect.signature(function).parameters) == ["student"], function.__name__


def test_judged_autodiff_names_numpy_and_tensor_failures_like_the_visible_check():
    import tensorflow as tf

    from gradelib.grading.judge import check_autodiff

    def refuses_tensors(x):
        if isinstance(x, tf.Variable):
            raise TypeError("no tensors here")
        return x

    student = Student(in_process({"good": lambda x: tf.exp(x), "numpy": lambda x: np.exp(x),
                                  "refuses": refuses_tensors}))
    x = np.array([0.5, -1.0])
    check_autodiff(student, "good", [x], position=0, reference=np.exp, name="good",
                   inputs={"x": x}, wrt="x")
    with pytest.raises(AssertionError, match="no gradient from the result back to x"):
        check_autodiff(student, "numpy", [x], position=0, reference=np.exp, name="numpy",
                       inputs={"x": x}, wrt="x")
    with pytest.raises(AssertionError, match="it raised TypeError: no tensors here"):
        check_autodiff(student, "refuses", [x], position=0, reference=np.exp, name="refuses",
                       inputs={"x": x}, wrt="x")


def test_the_setup_cell_gets_its_own_time_and_a_students_cell_the_submissions():
    """Importing TensorFlow on a loaded grading machine may take longer than a cell's limit;
    the locked setup cell is the course's code, so it gets setup_timeout, and a cell that
    only claims the grade id without being locked does not."""
    execute = ExecuteAndJudge(timeout=20, setup_timeout=180)
    execute._submission_deadline = time.monotonic() + 45
    setup = nbformat.v4.new_code_cell("import tensorflow")
    setup.metadata["nbgrader"] = {"grade_id": "setup", "locked": True}
    pretender = nbformat.v4.new_code_cell("while True: pass")
    pretender.metadata["nbgrader"] = {"grade_id": "setup", "locked": False}
    assert execute._get_timeout(setup) == 180
    assert execute._get_timeout(pretender) == 20
    assert execute._get_timeout(None) == 20   # nbclient asks for requests such as kernel_info
