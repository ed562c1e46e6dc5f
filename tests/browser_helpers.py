"""Helpers for the browser tests (tests/test_browser.py): a JupyterLab server on
loopback, Debian's Chromium driven by Playwright, and the evidence (screenshot,
console log, server log) kept when a test fails."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, ROOT, tool_env

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium on a closed network: without the background-networking flags its
# own connections are refused and slow it down (/work/.library/env/machines/python.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def require_browser() -> None:
    """Skip (fail where CI is set) unless Chromium, Playwright and jupyter lab are here."""
    missing = []
    if not CHROMIUM.exists():
        missing.append("Chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright (pip install playwright; no `playwright install`: "
                       "the tests use /usr/bin/chromium)")
    if not (BIN / "jupyter-lab").exists():
        missing.append("JupyterLab (pip install -e .)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " (CI is set: CI must run them)", pytrace=False)
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """``jupyter lab`` started in ``cwd`` on 127.0.0.1 (no token, no browser), with its
    own config, runtime and workspace folders under ``home`` and its log in
    ``home/jupyter-lab.log``; stopped by :meth:`stop` (use it as a context manager)."""

    def __init__(self, cwd: Path, home: Path, *args: str, **env: str):
        self.cwd, self.port = cwd, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        home.mkdir(parents=True, exist_ok=True)
        self.log = home / "jupyter-lab.log"
        environment = tool_env(
            JUPYTER_CONFIG_DIR=str(home / "config"),
            JUPYTER_RUNTIME_DIR=str(home / "runtime"),
            IPYTHONDIR=str(home / "ipython"),
            MPLCONFIGDIR=str(home / "matplotlib"),
            **env)
        command = [str(BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   "--IdentityProvider.token=", "--ServerApp.password=",
                   "--ServerApp.disable_check_xsrf=True",
                   "--allow-root",  # CI and containers run as root
                   f"--LabApp.workspaces_dir={home / 'workspaces'}",
                   # a fresh profile: no "build is recommended", no news, no update check
                   "--LabApp.news_url=", "--LabApp.check_for_updates_class="
                   "jupyterlab.NeverCheckForUpdate", *args]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self._wait()

    def _wait(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.process.returncode}); "
                                   f"log: {self.log}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url + "/api/status", timeout=2)
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer in {timeout} s; log: {self.log}")

    def shutdown_kernels(self, *paths: str) -> None:
        """Shut down the kernels of the notebooks at ``paths`` (all kernels if none is
        given): each holds TensorFlow's memory and may still be busy."""
        with urllib.request.urlopen(self.url + "/api/sessions", timeout=10) as answer:
            sessions = json.load(answer)
        for session in sessions:
            if paths and session["path"] not in paths:
                continue
            request = urllib.request.Request(f"{self.url}/api/kernels/{session['kernel']['id']}",
                                             method="DELETE")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the server shuts its kernels down
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def artifacts_dir(name: str) -> Path:
    """Where a failing test keeps its evidence: $BROWSER_ARTIFACTS/<test> (default
    .pytest-artifacts/browser/<test> in the checkout, ignored by git)."""
    base = Path(os.environ.get("BROWSER_ARTIFACTS") or ROOT / ".pytest-artifacts" / "browser")
    return base / re.sub(r"[^\w.-]+", "_", name)


class Console:
    """The page's JavaScript errors: console messages of type error and uncaught
    exceptions ("pageerror"), plus the whole console for the failure report.

    A resource from another host than the test server that fails to load is logged
    but not an error: the machines that run the suite have no internet (the Formgrader
    loads MathJax from a CDN), and the test's context blocks every other host."""

    def __init__(self, page):
        self.lines: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", lambda error: self._error(f"pageerror: {error}"))

    def _message(self, message) -> None:
        url = (message.location or {}).get("url", "")
        self.lines.append(f"{message.type}: {message.text} ({url})")
        offline = (message.text.startswith("Failed to load resource")
                   and not url.startswith("http://127.0.0.1:"))
        if message.type == "error" and not offline:
            self.errors.append(f"console.error: {message.text} ({url})")

    def _error(self, text: str) -> None:
        self.lines.append(text)
        self.errors.append(text)

    def since(self, mark: int = 0, ignore=()) -> list[str]:
        """Errors since ``mark`` (a length of ``errors``), except those matching a
        pattern in ``ignore``."""
        return [e for e in self.errors[mark:] if not any(re.search(p, e) for p in ignore)]


@contextlib.contextmanager
def evidence(page, console: Console, name: str, *logs: Path):
    """On failure keep a screenshot, the console log and copies of ``logs`` under
    :func:`artifacts_dir` and name that folder in the failure message."""
    try:
        yield
    except BaseException as error:
        folder = artifacts_dir(name)
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
        (folder / "console.log").write_text("\n".join(console.lines) + "\n")
        for log in logs:
            with contextlib.suppress(OSError):
                shutil.copy(log, folder / log.name)
        error.add_note(f"browser evidence (screenshot, console, server log): {folder}")
        raise
