"""In a real browser (issue 14): JupyterLab driven by Playwright on Debian's Chromium,
as a student and as an instructor, each test keeping a screenshot, the browser's
console and the server's log on failure (the folder is named in the failure message;
tests/browser_helpers.py).

- The student (``jupyter lab --notebook-dir=notebooks`` in a scratch course whose
  notebooks hold every answer) opens 03, 06 and 08, runs them and uses the temperature
  explorer, the latent explorer and GAN Lab (play, pause, another loss): each redraws
  its picture, and the page logs no JavaScript error.
- The student's Validate button says a notebook with no answers fails its tests and
  the answered one passes (00_foundations).
- The instructor's Formgrader (``jupyter lab`` in the course folder, its /formgrader
  pages) lists the assignment and two autograded submissions; a written answer graded
  by hand raises the submission's total, and the feedback made from the Formgrader
  opens and shows that score.

How the notebooks are run, and why: the explorers are built only outside grading mode
(``if not gradelib.grading_mode():``), and everything above them is the expensive part
(06 trains a VAE, 08 two GAN experiments: minutes in full mode on two cores). So the
student's server runs with GRADELIB_FAST=1, the grading sizes, and in each notebook the
test selects the explorer's cell, runs every cell above it from the Run menu, then, in a
cell it adds just above the explorer (``%env GRADELIB_FAST=0``, as a student can),
leaves grading mode and runs the explorer's own cell as written. The cells below an
explorer are not run: they draw nothing the explorer needs. To fit the suite's time,
the slow parts start together (fixture ``started``: the three notebooks' cells, the
two validations on a second server, the instructor's autograding in a thread) and
each test then waits for its own.

Offline (as here and on CI) the Formgrader's grading page cannot load MathJax from its
CDN; the page's error about it is ignored (HARMLESS), and grading still saves.

Not exercised: the full-mode sizes (longer training; the explorers' code is the same),
the explorers on 03's language model (the second explorer, after training), nbgrader's
Assignments tab and the exchange buttons (tests/test_autograde.py runs the exchange from
the command line), a JupyterHub, and browsers other than Chromium.
"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, Console, JupyterLab, evidence, require_browser

from conftest import completed_copy, make_course, nbgrader, release_path, submit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

FIRST = "00_foundations"  # the smallest notebook: validates and grades fastest

# Lab settings for a fresh profile: every cell in the DOM (no windowing, so a test can
# find cell n), and no news or update pop-up over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}

# Console errors that say nothing about the course, each with its reason (resources from
# other hosts, which cannot load offline, are left out by browser_helpers.Console).
HARMLESS = [
    # the Formgrader's grading page typesets with MathJax, which it loads from a CDN
    r"pageerror: MathJax is not defined",
]


def lab_home(folder):
    """A Lab home (config, runtime, workspaces, settings) in ``folder``."""
    for name, values in LAB_SETTINGS.items():
        path = folder / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return folder


def lab(cwd, home, *args, **env) -> JupyterLab:
    return JupyterLab(cwd, lab_home(home), f"--LabApp.user_settings_dir={home / 'settings'}",
                      *args, **env)


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser):
    """A fresh browser context (no cookies, no storage) and its page, with the page's
    console recorded; requests to other hosts than the test's servers are refused, so
    that no page waits on DNS for a CDN on a closed network."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    # On a loaded machine Lab may ask which kernel to use although the notebook names
    # one (its kernel list arrived late): keep the notebook's own, Python 3 (ipykernel).
    page.add_locator_handler(
        page.locator(".jp-Dialog", has_text="Select Kernel"),
        lambda dialog: dialog.get_by_role("button", name="Select", exact=True).click())
    return context, page, Console(page)


@pytest.fixture
def page(browser):
    context, page, console = new_page(browser)
    yield page, console
    context.close()


# ---------------------------------------------------------------------------- student

EXPLORERS = {  # notebook: (a line of the explorer's cell, the test that uses it)
    "03_sampling_strategies": ("TemperatureExplorer(toy_p", "test_temperature_explorer_redraws"),
    "06_vae": ("LatentExplorer(", "test_latent_explorer_redraws"),
    "08_mode_collapse": ("lab = GanLab(", "test_gan_lab_plays_pauses_and_changes_loss"),
}


@pytest.fixture(scope="module")
def student(request, tmp_path_factory):
    """A student's Lab on the released notebooks, answered (03, 06, 08 and a copy of
    00), with 00 itself left as released; GRADELIB_FAST=1 (see the module docstring)."""
    require_browser()
    if any("instructor" in item.fixturenames for item in request.session.items):
        request.getfixturevalue("graded_class")  # starts grading now
    tmp = tmp_path_factory.mktemp("student")
    course = make_course(tmp / "course")
    for assignment in EXPLORERS:
        nbformat.write(completed_copy(assignment), release_path(assignment, course))
    nbformat.write(completed_copy(FIRST), release_path(FIRST, course).with_name("answered.ipynb"))
    with lab(course, tmp / "home", "--notebook-dir=notebooks", GRADELIB_FAST="1") as server:
        yield server


VALIDATE_TEST = "test_validate_button_fails_then_passes"
VALIDATED = {"released": f"{FIRST}/{FIRST}.ipynb", "answered": f"{FIRST}/answered.ipynb"}


@pytest.fixture(scope="module")
def validator(student, tmp_path_factory):
    """A second Lab on the student's folder, for Validate: nbgrader's Validate handler
    holds its server while it runs the notebook, which would stall the explorers' pages."""
    with lab(student.cwd, tmp_path_factory.mktemp("validator"), "--notebook-dir=notebooks",
             GRADELIB_FAST="1") as server:
        yield server


@pytest.fixture(scope="module")
def started(request, student, browser):
    """The slow part of each selected student test, started at once, each in a page of
    its own: for each explorer, its notebook open with every cell above the explorer
    running (started from the Run menu); for Validate, 00 as released and answered, the
    button pressed. These keep one core busy each, mostly, so they overlap on two; the
    tests then wait for them and go on. {key: (page, console, explorer's cell or None)}"""
    selected = {item.originalname for item in request.session.items}
    pending, contexts = {}, []
    for assignment, (line, test) in EXPLORERS.items():
        if test not in selected:
            continue
        context, page, console = new_page(browser)
        contexts.append(context)
        nb = nbformat.read(release_path(assignment, student.cwd), as_version=4)
        index = next(i for i, c in enumerate(nb.cells) if line in c.source)
        with evidence(page, console, f"{test}-start", student.log):
            open_notebook(page, student, f"{assignment}/{assignment}.ipynb")
            run_all_above(page, index, first=next(
                i for i, c in enumerate(nb.cells) if c.cell_type == "code"))
        pending[assignment] = page, console, index
    if VALIDATE_TEST in selected:
        validator = request.getfixturevalue("validator")
        for key, path in VALIDATED.items():
            context, page, console = new_page(browser)
            contexts.append(context)
            with evidence(page, console, f"validate-{key}-start", validator.log):
                open_notebook(page, validator, path)
            pending[key] = page, console, None
        # both pages open before either button: a validation holds its server
        for key in VALIDATED:
            page, console, _ = pending[key]
            with evidence(page, console, f"validate-{key}-start", validator.log):
                page.locator(".jp-NotebookPanel-toolbar").get_by_text(
                    "Validate", exact=True).click()
    yield pending
    for context in contexts:
        context.close()


def open_notebook(page, server, path: str):
    page.goto(f"{server.url}/lab/tree/{path}?reset")  # a fresh workspace: this tab only
    page.locator(".jp-Notebook .jp-Cell").nth(1).wait_for()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()


def cell(page, index: int):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def select_cell(page, index: int) -> None:
    """Select cell ``index`` (command mode), clicking again if Lab was still settling."""
    target = cell(page, index)
    for _ in range(20):
        target.locator(".jp-InputPrompt").click()
        if "jp-mod-active" in (target.get_attribute("class") or ""):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"cell {index} could not be selected")


def run_menu(page, item: str) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.get_by_role("menuitem", name=item).click()


def run_all_above(page, index: int, first: int) -> None:
    """Select cell ``index`` and run every cell above it from the Run menu; again if
    the first code cell (``first``) has not started within 20 s (a menu used while Lab
    was still settling does nothing)."""
    for _ in range(3):
        select_cell(page, index)
        run_menu(page, "Run All Above Selected Cell")
        started = cell(page, first).locator(".jp-InputPrompt",
                                            has_text=re.compile(r"\[(\*|\d+)\]"))
        try:
            started.wait_for(timeout=20_000)
            return
        except Exception:  # playwright's TimeoutError
            page.keyboard.press("Escape")
    raise AssertionError(f"Run All Above did not start cell {first}")


def wait_executed(page, index: int, timeout: float = 300_000) -> None:
    """Wait until code cell ``index`` has run (its prompt shows a number) and no cell is
    running or queued."""
    cell(page, index).locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(
        timeout=timeout)
    page.wait_for_function("""() => ![...document.querySelectorAll('.jp-InputPrompt')]
                              .some(p => p.textContent.includes('*'))""", timeout=timeout)


def errors_in_outputs(page) -> list[str]:
    return page.locator(".jp-Notebook [data-mime-type='application/vnd.jupyter.error']") \
        .all_inner_texts()


def picture(locator) -> bytes:
    """What an image shows (its pixels as the page draws them), to tell a redraw."""
    return locator.screenshot()


def wait_redrawn(locator, before: bytes, timeout: float = 60_000) -> bytes:
    page = locator.page
    deadline = timeout / 1000
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        now = picture(locator)
        if now != before:
            return now
        page.wait_for_timeout(250)
    raise AssertionError(f"the picture did not change within {deadline:.0f} s")


def run_explorer(started, server, assignment: str):
    """Wait for the cells above ``assignment``'s explorer, leave grading mode in a new
    cell and run the explorer's cell; return that cell's output area."""
    page, _, index = started[assignment]
    above = max(i for i, c in enumerate(
        nbformat.read(release_path(assignment, server.cwd), as_version=4).cells[:index])
        if c.cell_type == "code")
    wait_executed(page, above)
    assert errors_in_outputs(page) == []
    # a new cell above the explorer, typed and run as a student would
    select_cell(page, index)
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    page.keyboard.type("%env GRADELIB_FAST=0")
    page.keyboard.press("Shift+Enter")   # runs it and selects the explorer's cell
    wait_executed(page, index)
    page.keyboard.press("Shift+Enter")
    wait_executed(page, index + 1)
    assert errors_in_outputs(page) == []
    output = cell(page, index + 1).locator(".jp-OutputArea")
    output.locator(".jupyter-widgets.widget-vbox").first.wait_for()
    return output


@pytest.fixture
def explorer(request, started, student):
    """(page, console) of this test's notebook; its kernel is shut down afterwards."""
    [assignment] = [a for a, (_, test) in EXPLORERS.items() if test == request.node.originalname]
    page, console, _ = started[assignment]
    yield page, console
    student.shutdown_kernels(f"{assignment}/{assignment}.ipynb")


def set_slider(slider, value: float) -> None:
    """Type a value into a FloatSlider's readout, as a student can."""
    readout = slider.locator(".widget-readout")
    readout.click()
    readout.fill(f"{value:.2f}")
    readout.press("Enter")


def test_temperature_explorer_redraws(student, started, explorer):
    page, console = explorer
    with evidence(page, console, "temperature_explorer", student.log):
        output = run_explorer(started, student, "03_sampling_strategies")
        slider = output.locator(".widget-slider")
        assert "temperature T" in slider.inner_text()
        info, chart = output.locator(".widget-html"), output.locator("img")
        assert "T = 1.00" in info.inner_text()
        before = picture(chart)
        set_slider(slider, 0.3)
        page.wait_for_function("(el) => el.textContent.includes('T = 0.30')",
                               arg=info.element_handle())
        wait_redrawn(chart, before)
        assert console.since(0, HARMLESS) == []


def test_latent_explorer_redraws(student, started, explorer):
    page, console = explorer
    with evidence(page, console, "latent_explorer", student.log):
        output = run_explorer(started, student, "06_vae")
        sliders = output.locator(".widget-slider")
        assert sliders.count() == 2  # z[0], z[1]
        image, latent_map = output.locator("img").nth(0), output.locator("img").nth(1)
        info = output.locator(".widget-html")
        assert "z = [0.00, 0.00]" in info.inner_text()
        before = picture(image), picture(latent_map)
        set_slider(sliders.nth(0), 1.5)
        page.wait_for_function("(el) => el.textContent.includes('z = [1.50, 0.00]')",
                               arg=info.element_handle())
        wait_redrawn(image, before[0])      # the decoder's image at the new z
        wait_redrawn(latent_map, before[1])  # the cross moved on the map
        assert console.since(0, HARMLESS) == []


def settled(read, page, quiet: float = 3.0, timeout: float = 60.0):
    """``read()`` once it has kept its value for ``quiet`` seconds."""
    start = last_change = time.monotonic()
    value = read()
    while time.monotonic() - last_change < quiet:
        assert time.monotonic() - start < timeout, f"still changing after {timeout} s"
        page.wait_for_timeout(250)
        if (now := read()) != value:
            value, last_change = now, time.monotonic()
    return value


def gan_step(info) -> int:
    return int(re.search(r"step (\d+)", info.inner_text())[1])


def test_gan_lab_plays_pauses_and_changes_loss(student, started, explorer):
    page, console = explorer
    with evidence(page, console, "gan_lab", student.log):
        output = run_explorer(started, student, "08_mode_collapse")
        play = output.locator(".widget-play")
        info, chart = output.locator(".widget-html"), output.locator("img")
        menu = output.locator(".widget-dropdown select")
        assert gan_step(info) == 0
        before = picture(chart)
        # play: the picture redraws as training goes; pause: it stops
        play.locator("button:has(.fa-play)").click()
        page.wait_for_function("(el) => /step [1-9]/.test(el.textContent)",
                               arg=info.element_handle())
        play.locator("button:has(.fa-pause)").click()
        wait_redrawn(chart, before)
        paused = settled(lambda: gan_step(info), page)  # the frame in hand is drawn
        page.wait_for_timeout(2000)  # seven Play ticks: training would have gone on
        assert gan_step(info) == paused > 0
        # another loss restarts training from step 0 with a new picture
        trained = picture(chart)
        menu.select_option(label="saturating generator loss")
        page.wait_for_function("(el) => /step 0\\b/.test(el.textContent)",
                               arg=info.element_handle())
        wait_redrawn(chart, trained)
        assert console.since(0, HARMLESS) == []


def test_validate_button_fails_then_passes(started, validator):
    for key, says in [("released", "The following cell failed"),
                      ("answered", "Success! Your notebook passes all the tests.")]:
        page, console, _ = started[key]
        with evidence(page, console, f"validate-{key}", validator.log):
            dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
            dialog.wait_for(timeout=300_000)
            assert says in dialog.inner_text()
            if key == "released":  # every answer raises NotImplementedError: tests fail
                assert dialog.locator(".validation-failed").count() == 1
                assert "NotImplementedError" in dialog.inner_text()
            else:
                assert dialog.locator(".validation-success").count() == 1
            assert console.since(0, HARMLESS) == []


# ------------------------------------------------------------------------- instructor

def grade_class(course):
    """00_foundations autograded in ``course`` for two students: alice answered
    everything, bob handed in the notebook as released."""
    (course / "students.csv").write_text("id,first_name,last_name\nalice,Alice,Ng\nbob,Bob,Li\n")
    submit(course, "alice", FIRST, completed_copy(FIRST))
    submit(course, "bob", FIRST, nbformat.read(release_path(FIRST, course), as_version=4))
    for args in [("generate_assignment", FIRST, "--force"),
                 ("db", "student", "import", "students.csv"),
                 ("autograde", FIRST)]:
        done = nbgrader(*args, cwd=course)
        assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return course


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The instructor's course, graded in a thread (grade_class): started by the
    student's server where the Formgrader test is to run too, its nbgrader processes
    overlap the student's tests (mostly one busy core each)."""
    course = make_course(tmp_path_factory.mktemp("instructor") / "course")
    with ThreadPoolExecutor(1) as pool:
        yield pool.submit(grade_class, course)


@pytest.fixture(scope="module")
def instructor(graded_class):
    """The instructor's Lab in the graded course folder."""
    require_browser()
    course = graded_class.result()
    with lab(course, course.parent / "home") as server:
        yield server


def score_of(page, student_id: str) -> float:
    row = page.locator("tr", has=page.locator("td.student-id", has_text=student_id))
    text = row.locator("td.score").inner_text()
    return float(re.match(r"([\d.]+) / ", text)[1])


def test_formgrader_lists_grades_by_hand_and_opens_feedback(instructor, page):
    page, console = page
    url = instructor.url + "/formgrader"
    with evidence(page, console, "formgrader", instructor.log):
        page.goto(url + "/manage_assignments")
        row = page.locator("tr", has_text=FIRST)
        assert row.locator("td.num-submissions").inner_text().strip() == "2"
        page.goto(f"{url}/manage_submissions/{FIRST}")
        page.locator("td.student-id", has_text="bob").wait_for()
        assert sorted(page.locator("td.student-id").all_inner_texts()) == ["alice", "bob"]
        before = score_of(page, "alice")
        assert before > score_of(page, "bob")  # bob's answers all fail
        # alice's written answer on the receptive field, graded by hand: 2 points
        page.get_by_role("link", name="Ng, Alice").click()
        page.get_by_role("link", name=FIRST).click()
        answer = page.locator(".nbgrader_cell", has=page.locator("#q_receptive_field"))
        score = answer.locator("input.score.needs_manual_grade")  # its grade loaded
        score.fill("2")
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url
                                  and r.request.method == "PUT" and r.ok):
            score.press("Tab")  # the score is saved when the field changes
        page.goto(f"{url}/manage_submissions/{FIRST}")
        page.locator("td.student-id", has_text="alice").wait_for()
        assert score_of(page, "alice") == before + 2
        # feedback from the Formgrader, then opened as the student will see it
        row = page.locator("tr", has=page.locator("td.student-id", has_text="alice"))
        row.locator("td.generate-feedback a").click()
        page.locator(".modal", has_text="Successfully generated feedback").wait_for(
            timeout=120_000)
        page.goto(f"{instructor.url}/files/feedback/alice/{FIRST}/{FIRST}.html")
        assert f"{before + 2:g}" in page.locator("body").inner_text()
        assert console.since(0, HARMLESS) == []
