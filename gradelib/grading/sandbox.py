"""The grading kernel's sandbox: the student's code sees its own submission and data/,
not the course folder.

:class:`SandboxedKernelManager` starts the kernel inside bubblewrap (``bwrap``, the
sandbox Flatpak uses; Debian/Ubuntu package ``bubblewrap``). Inside:

* the whole file system is read-only;
* the course folder (gradebook, ``solutions/``, ``judges/``, ``submitted/``, other
  students' folders, ``nbgrader_config.py``), the folder gradelib is installed from
  when it is a course folder, the home folder and ``/tmp`` are replaced by empty
  folders; the Python installation, the ``gradelib`` package and the course's
  ``data/`` are put back, read-only;
* the kernel's working folder (``autograded/<student>/<assignment>/``, where the
  submission was copied) is the only writable place besides an empty ``/tmp``;
* the kernel has its own process namespace: it cannot see or signal the grader's
  processes, and every process it starts dies with it (``--die-with-parent``);
* the kernel has no network (its own network namespace): the grader talks to it over
  Unix sockets in a private folder, the only other place it can write.

Where ``bwrap`` is missing or cannot make namespaces, the kernel starts as usual
and a warning says so once per run; set ``c.SandboxedKernelManager.required = True``
to refuse to grade instead. The judge (:mod:`gradelib.grading.judge`) decides the
points outside the kernel either way; the sandbox keeps secrets and files safe.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, List, Unicode

import gradelib


@functools.cache
def bwrap_works(bwrap: str = "bwrap") -> bool:
    """Whether ``bwrap`` exists here and can make the namespaces the sandbox uses."""
    path = shutil.which(bwrap)
    if not path:
        return False
    result = subprocess.run([path, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                             "--unshare-pid", "--die-with-parent", "true"],
                            capture_output=True, timeout=30)
    return result.returncode == 0


def python_paths() -> list[Path]:
    """What the kernel's Python needs to read: its installation and its imports."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    paths.update(Path(p) for p in sys.path if p and Path(p).is_dir())
    return sorted(p.resolve() for p in paths)


def bwrap_command(cwd: Path, hide: list[Path], readable: list[Path], bwrap: str = "bwrap"
                  ) -> list[str]:
    """The ``bwrap`` prefix for a kernel that works in ``cwd``: everything read-only,
    ``hide`` emptied, ``readable`` (and what Python needs) put back read-only, ``cwd``
    writable."""
    cwd = cwd.resolve()
    hidden = sorted({p.resolve() for p in hide if p.exists()}, key=lambda p: len(p.parts))
    command = [shutil.which(bwrap) or bwrap, "--ro-bind", "/", "/", "--dev", "/dev",
               "--proc", "/proc", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
               "--die-with-parent"]
    for path in hidden:
        command += ["--tmpfs", str(path)]
    # put back what lies strictly inside a hidden folder (never a hidden folder itself, or
    # a folder that holds one, such as the course root that sys.path may list)
    inside_hidden = [p for p in [*python_paths(), *(Path(r).resolve() for r in readable)]
                     if p.exists() and any(h in p.parents for h in hidden)
                     and not any(p == h or p in h.parents for h in hidden)]
    # a folder inside another one that is put back needs no mount of its own
    for path in sorted(set(inside_hidden), key=lambda p: len(p.parts)):
        if not any(q in path.parents for q in inside_hidden):
            command += ["--ro-bind", str(path), str(path)]
    command += ["--bind", str(cwd), str(cwd), "--chdir", str(cwd),
                "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
                "--setenv", "KERAS_HOME", "/tmp/keras",
                # ipykernel exits when its parent's pid reads 1, as the sandbox's init does;
                # --die-with-parent ends the kernel with the grader instead
                "--unsetenv", "JPY_PARENT_PID"]
    return command


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap (see the module
    docstring); set by :class:`gradelib.grading.judge.ExecuteAndJudge`."""

    course_root = Unicode(
        ".", help="The course folder: hidden from the kernel but for data/").tag(config=True)
    hide = List(Unicode(), help="More folders to hide from the kernel").tag(config=True)
    required = Bool(
        False, help="Refuse to start a kernel when the sandbox cannot be made").tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap program").tag(config=True)

    _warned = False

    def sandbox_prefix(self, cwd: Path) -> list[str]:
        """The command that wraps the kernel's, or [] where there is no sandbox."""
        if not bwrap_works(self.bwrap):
            if self.required:
                raise RuntimeError(
                    "the grading sandbox needs bubblewrap (apt-get install bubblewrap), and "
                    f"'{self.bwrap}' is missing or cannot make namespaces here")
            if not SandboxedKernelManager._warned:
                self.log.warning("No sandbox: '%s' is missing or cannot make namespaces, so "
                                 "students' code can read the course folder", self.bwrap)
                SandboxedKernelManager._warned = True
            return []
        root = Path(self.course_root).resolve()
        package = Path(gradelib.__file__).resolve().parent
        # the temporary folder wherever TMPDIR puts it: it holds the socket of the server
        # that forks grading units (gradelib.grading.batch), which must stay out of reach
        hide = [root, Path("/tmp"), Path(tempfile.gettempdir()), Path.home(),
                *map(Path, self.hide)]
        if (package.parent / "nbgrader_config.py").exists():  # installed from a course folder
            hide.append(package.parent)
        # data_path() finds data/ beside nbgrader_config.py, which is hidden: say where it is
        return bwrap_command(cwd, hide, [package, root / "data"], self.bwrap) + [
            "--setenv", "GRADELIB_DATA", str(root / "data")]

    _private: Path | None = None

    async def _async_pre_start_kernel(self, **kw):
        if bwrap_works(self.bwrap):
            # The kernel gets no network: the grader talks to it over Unix sockets in a
            # folder of its own, which is all the sandbox shares with the outside.
            self._private = Path(tempfile.mkdtemp(prefix="gradelib-kernel-"))
            self.connection_file = str(self._private / "kernel.json")
            self.transport, self.cache_ports = "ipc", False
            self.ip = str(self._private / "kernel-ipc")
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        cwd = Path(kw.get("cwd") or os.getcwd())
        prefix = self.sandbox_prefix(cwd)
        if prefix and self._private:
            at = prefix.index("--bind")
            prefix[at:at] = ["--unshare-net", "--bind", str(self._private), str(self._private)]
            # SIGINT to the process group would end bwrap itself (and with it the kernel):
            # interrupt over the control channel, and the kernel signals itself
            self.kernel_spec.interrupt_mode = "message"
        await super()._async_launch_kernel(prefix + kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._private and not restart:
            shutil.rmtree(self._private, ignore_errors=True)
