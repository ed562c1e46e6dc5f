"""One server for the class: deploy/jupyterhub/ on a local JupyterHub (a smoke test).

One hub for the module, started from deploy/jupyterhub/jupyterhub_config.py as written
(its allowed users, groups, role, spawner arguments and the course's formgrader
service), with only what this machine needs changed in a small config that loads it:
free loopback ports and the hub's files in a temporary folder; JupyterHub's
DummyAuthenticator with one password (no system users for PAM to check);
SimpleLocalProcessSpawner with homes in the temporary folder (no system users to run
servers as: every server runs as the user running the tests); the course service
without its `user` (no grader account), in a temporary course folder from
conftest.make_course; `--allow-root` where the tests run as root (Jupyter refuses root
without it); the global nbgrader config (deploy/jupyterhub/nbgrader_config.py) through
JUPYTER_CONFIG_PATH instead of /etc/jupyter, and a temporary exchange in
GRADELIB_EXCHANGE; and, since nbgrader names a submission by the system login, which is
the same for all here, a nbgrader_config.py in each home that sets its student id.

Through the hub's login form, its REST API and HTTP with each user's token, the tests
check: the instructor and both students log in with the password (a wrong password, and
a login outside the class, are refused); the groups formgrade-generative-dl and
nbgrader-generative-dl hold the instructor and the students; everyone's server starts;
the instructor, through the course service's formgrader API (what its Generate, Release
and Collect buttons call), generates and releases 00_foundations into the exchange; each
student sees it in their Assignment List (GET /user/NAME/assignments?course_id=...,
nbgrader's assignment_list server extension) and fetches and submits it through the same
extension (one after answering every exercise, saved through Jupyter's contents API as
JupyterLab saves); Collect files both submissions under submitted/<login>/, the answered
one with its answers, and the formgrader lists both; a student gets 403 from the
formgrader service and 404 for a formgrader in their own server, while the instructor
opens it.

Not exercised: real system users and file permissions (every process runs as one user:
the exchange's modes, home folders closed to others, and nbgrader's check that a
submission belongs to its login are not tested), PAM or any real authenticator,
SystemdSpawner and its limits, HTTPS, the hub as a system service, more than one course
(JupyterHubAuthPlugin), the pages in a browser (the Formgrader's and the Assignment
List's JavaScript), grading and feedback inside the hub (tests/test_autograde.py runs
them on the same exchange without a hub), and Kubernetes.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import BIN, ROOT, completed_copy, make_course, read, tool_env

pytestmark = [pytest.mark.slow, pytest.mark.hub]

DEPLOY = ROOT / "deploy" / "jupyterhub"
COURSE_ID = "generative-dl"
ASSIGNMENT = "00_foundations"
INSTRUCTOR, STUDENTS = "instructor", ["student1", "student2"]
PASSWORD = "smoke-test-password"
SERVICE_TOKEN = "smoke-test-" + os.urandom(16).hex()


def missing_tools() -> list[str]:
    missing = []
    if not (BIN / "jupyterhub").exists():
        missing.append("jupyterhub (pip install jupyterhub)")
    if not shutil.which("configurable-http-proxy"):
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    return missing


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


TEST_CONFIG = """
load_subconfig({deploy_config!r})

# this machine: loopback ports, files in the temporary folder
c.JupyterHub.bind_url = "http://127.0.0.1:{public}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.pid_file = {tmp!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {tmp!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {tmp!r} + "/cookie_secret"
# no system users: a password for everyone, every server as this user in its own home
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {tmp!r} + "/homes/{{username}}"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment.update(GRADELIB_EXCHANGE={exchange!r}, JUPYTER_CONFIG_PATH={etc!r})
[service] = c.JupyterHub.services
service.pop("user")   # no grader account here: runs as this user
service.update(url="http://127.0.0.1:{service}", cwd={course!r})
service["environment"].update(GRADELIB_EXCHANGE={exchange!r}, JUPYTER_CONFIG_PATH={etc!r},
                              HOME={tmp!r} + "/homes/grader")
if {as_root!r}:   # Jupyter refuses root without it
    c.Spawner.args.append("--allow-root")
    service["command"] = service["command"] + ["--allow-root"]
# the test's own admin token, to make the users' tokens
c.JupyterHub.services.append({{"name": "smoke-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "smoke-test", "services": ["smoke-test"],
                                 "scopes": ["admin:users", "admin:servers", "tokens",
                                            "list:groups", "read:groups"]}})
"""


class Hub:
    """A running hub: its URL, log, course folder and each user's token."""

    def __init__(self, url: str, log: Path, course: Path, exchange: Path):
        self.url, self.log, self.course, self.exchange = url, log, course, exchange
        self.tokens: dict[str, str] = {}

    def api(self, method: str, path: str, **kwargs):
        """The hub's REST API, with the test's admin token."""
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {SERVICE_TOKEN}"}, **kwargs)

    def as_user(self, user: str, method: str, path: str, **kwargs):
        """A request to a URL under the hub (a user's server, a service) as ``user``."""
        return requests.request(method, f"{self.url}{path}", timeout=300,
                                allow_redirects=False,
                                headers={"Authorization": f"token {self.tokens[user]}"},
                                **kwargs)

    def tail(self) -> str:
        return f"(hub log {self.log}):\n" + self.log.read_text()[-4000:]


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the servers and proxy the hub started)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.append(int(stat.parent.name))
    return pids


def running_pid(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(ready, what: str, hub: Hub, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = ready()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what} within {timeout} s " + hub.tail())


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    missing = missing_tools()
    if missing:
        message = "the JupyterHub test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("hub")
    course = make_course(tmp / "course", with_release=False)
    exchange, etc = tmp / "exchange", tmp / "etc-jupyter"
    exchange.mkdir()
    etc.mkdir()
    shutil.copy(DEPLOY / "nbgrader_config.py", etc)   # /etc/jupyter/nbgrader_config.py
    for user in [INSTRUCTOR, *STUDENTS]:
        # nbgrader names a submission by the system login, here one for all: each
        # student's server says its name, as a real login of its own would
        home = tmp / "homes" / user
        home.mkdir(parents=True)
        (home / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.student_id = {user!r}\n")
    public, hub_port, proxy_api, service = free_ports(4)
    config = tmp / "jupyterhub_test_config.py"
    config.write_text(TEST_CONFIG.format(
        deploy_config=str(DEPLOY / "jupyterhub_config.py"), public=public, hub=hub_port,
        proxy_api=proxy_api, service=service, tmp=str(tmp), password=PASSWORD,
        exchange=str(exchange), etc=str(etc), course=str(course), token=SERVICE_TOKEN,
        as_root=os.geteuid() == 0))
    log = tmp / "jupyterhub.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=tmp,
                                   env=tool_env(), stdout=out, stderr=subprocess.STDOUT)
    running = Hub(f"http://127.0.0.1:{public}", log, course, exchange)
    children: set[int] = set()
    try:
        def up():
            assert process.poll() is None, "the hub exited " + running.tail()
            try:
                return running.api("GET", "/").ok
            except requests.ConnectionError:
                return False
        wait_until(up, "the hub answers", running)
        for user in [INSTRUCTOR, *STUDENTS]:
            reply = running.api("POST", f"/users/{user}/tokens",
                                json={"note": "smoke test", "expires_in": 3600})
            assert reply.status_code == 201, reply.text + running.tail()
            running.tokens[user] = reply.json()["token"]
        yield running
    finally:
        children.update(child_pids(process.pid))
        process.terminate()   # the hub stops the servers, the service and the proxy
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        deadline = time.monotonic() + 10
        while [pid for pid in children if running_pid(pid)] and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in children:  # any the hub left behind
            if running_pid(pid):
                os.kill(pid, 9)


@pytest.fixture(autouse=True)
def hub_log(hub):
    """Every failure report shows where the hub's log (and its servers') is."""
    print(f"JupyterHub log: {hub.log}")


@pytest.fixture(scope="module")
def servers(hub):
    """Everyone's server started (the course service starts with the hub)."""
    users = [INSTRUCTOR, *STUDENTS]
    for user in users:
        reply = hub.api("POST", f"/users/{user}/server")
        assert reply.status_code in (201, 202), reply.text + hub.tail()

    def all_ready():
        return all(hub.api("GET", f"/users/{user}").json()["servers"].get("", {}).get("ready")
                   for user in users)
    wait_until(all_ready, "every server is ready", hub, timeout=180)
    return hub


def formgrader(hub, method, path, **kwargs):
    """The course service's formgrader API, as the instructor."""
    reply = hub.as_user(INSTRUCTOR, method,
                        f"/services/{COURSE_ID}/formgrader/api/{path}", **kwargs)
    assert reply.status_code == 200, reply.text[:2000] + hub.tail()
    result = reply.json()
    if isinstance(result, dict) and "success" in result:
        assert result["success"], result.get("error", result) + hub.tail()
    return result


def assignments(hub, student):
    """The student's Assignments tab: nbgrader's assignment_list server extension."""
    reply = hub.as_user(student, "GET", f"/user/{student}/assignments",
                        params={"course_id": COURSE_ID})
    assert reply.status_code == 200, reply.text[:2000] + hub.tail()
    result = reply.json()
    assert result["success"], result
    return {(a["assignment_id"], a["status"]) for a in result["value"]}


def assignment_action(hub, student, action):
    reply = hub.as_user(student, "POST", f"/user/{student}/assignments/{action}",
                        data={"assignment_id": ASSIGNMENT, "course_id": COURSE_ID})
    assert reply.status_code == 200, reply.text[:2000] + hub.tail()
    result = reply.json()
    assert result["success"], result
    return {(a["assignment_id"], a["status"]) for a in result["value"]}


@pytest.fixture(scope="module")
def handed_in(servers):
    """Generate and release as the instructor, fetch and submit as each student (the
    first with every answer written), collect as the instructor."""
    hub = servers
    formgrader(hub, "POST", f"assignment/{ASSIGNMENT}/assign")
    formgrader(hub, "POST", f"assignment/{ASSIGNMENT}/release")
    seen = {student: assignments(hub, student) for student in STUDENTS}
    fetched = {}
    for student in STUDENTS:
        fetched[student] = assignment_action(hub, student, "fetch")
        if student == STUDENTS[0]:
            # the student's own edits, through Jupyter's contents API as JupyterLab saves
            reply = hub.as_user(student, "PUT",
                                f"/user/{student}/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                                json={"type": "notebook", "format": "json",
                                      "content": completed_copy(ASSIGNMENT)})
            assert reply.status_code == 200, reply.text[:2000]
        assignment_action(hub, student, "submit")
    collected = formgrader(hub, "POST", f"assignment/{ASSIGNMENT}/collect")
    return hub, seen, fetched, collected


def test_users_log_in_with_the_password_and_the_groups_are_configured(hub):
    for user in [INSTRUCTOR, *STUDENTS]:
        session = requests.Session()
        session.get(f"{hub.url}/hub/login", timeout=60)   # sets the _xsrf cookie
        xsrf = session.cookies.get("_xsrf")
        wrong = session.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False,
                             data={"username": user, "password": "wrong", "_xsrf": xsrf})
        assert wrong.status_code == 403, (user, wrong.status_code)
        right = session.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False,
                             data={"username": user, "password": PASSWORD, "_xsrf": xsrf})
        assert right.status_code == 302, (user, right.status_code, hub.tail())
        who = session.get(f"{hub.url}/hub/api/user", timeout=60,
                          headers={"X-XSRFToken": session.cookies.get("_xsrf")})
        assert who.json()["name"] == user
    # a login outside the class is refused even with the password
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=60)
    stranger = session.post(f"{hub.url}/hub/login", timeout=60, allow_redirects=False,
                            data={"username": "stranger", "password": PASSWORD,
                                  "_xsrf": session.cookies.get("_xsrf")})
    assert stranger.status_code == 403
    reply = hub.api("GET", "/groups")
    assert reply.status_code == 200, reply.text
    groups = {g["name"]: sorted(g["users"]) for g in reply.json()}
    assert groups == {f"formgrade-{COURSE_ID}": [INSTRUCTOR],
                      f"nbgrader-{COURSE_ID}": sorted(STUDENTS)}


def test_each_student_sees_the_release_fetches_and_submits(handed_in):
    hub, seen, fetched, _ = handed_in
    for student in STUDENTS:
        assert (ASSIGNMENT, "released") in seen[student], seen[student]
        assert (ASSIGNMENT, "fetched") in fetched[student], fetched[student]
        home = hub.course.parent / "homes" / student
        assert (home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
        assert (ASSIGNMENT, "submitted") in assignments(hub, student)
    inbound = sorted(p.name.split("+")[0] for p in
                     (hub.exchange / COURSE_ID / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)


def test_the_instructor_collects_both_submissions(handed_in):
    hub, _, _, collected = handed_in
    submitted = hub.course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(STUDENTS), collected
    answered, untouched = (read(submitted / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
                           for s in STUDENTS)
    sources = [[c.source for c in nb.cells] for nb in (answered, untouched)]
    assert sources[0] == [c.source for c in completed_copy(ASSIGNMENT).cells]
    assert sources[1] == [c.source for c in read(
        hub.course / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").cells]
    assert sources[0] != sources[1]
    listed = formgrader(hub, "GET", f"submissions/{ASSIGNMENT}")
    assert {s["student"] for s in listed if s["submitted"]} == set(STUDENTS), listed


def test_only_the_instructor_opens_the_formgrader(servers):
    hub = servers
    page = f"/services/{COURSE_ID}/formgrader"
    reply = hub.as_user(INSTRUCTOR, "GET", f"{page}/manage_assignments")
    assert reply.status_code == 200 and "Manage Assignments" in reply.text, reply.status_code
    for student in STUDENTS:
        assert hub.as_user(student, "GET", f"{page}/manage_assignments").status_code == 403
        assert hub.as_user(student, "GET", f"{page}/api/assignments").status_code == 403
        # nor in their own server (the extension is off there), which still runs
        # the Assignments tab's extension
        assert hub.as_user(student, "GET", f"/user/{student}/formgrader").status_code == 404
        assert hub.as_user(student, "GET", f"/user/{student}/courses").status_code == 200
