"""JupyterHub for one class of this course: every student and instructor logs in to one
server, and nbgrader's exchange moves the notebooks between them (README.md beside this
file says how to install it; nbgrader's docs, "Using nbgrader with JupyterHub", the
"one class, multiple graders" layout).

- The course folder (a checkout of this repository) belongs to a grader account,
  GRADER; its formgrader runs as a JupyterHub service named after the course, which
  only the instructor group formgrade-<course id> may open.
- Students (group nbgrader-<course id>) and instructors get their own server with the
  Assignments tab (fetch, submit, feedback) and Validate, but no formgrader.
- The exchange is one folder every user can write; every server and the service are
  told it in GRADELIB_EXCHANGE, which the course's nbgrader_config.py and the global
  /etc/jupyter/nbgrader_config.py (nbgrader_config.py beside this file) both read.

Edit the lists and paths below; run `jupyterhub -f /etc/jupyterhub/jupyterhub_config.py`
as root (the hub starts each user's server as that system user).
"""

COURSE_ID = "generative-dl"                      # as the course's nbgrader_config.py sets
EXCHANGE = "/srv/nbgrader/exchange"              # writable by every user (README.md)
GRADER = f"grader-{COURSE_ID}"                   # system user who owns the course folder
COURSE_ROOT = f"/home/{GRADER}/{COURSE_ID}"      # the checkout: solutions/, judges/, ...
INSTRUCTORS = ["instructor"]                     # logins who grade (formgrader access)
STUDENTS = ["student1", "student2"]              # logins of the class

c = get_config()  # noqa: F821 (provided by JupyterHub)

# Who may log in: system users checked by PAM (JupyterHub's default authenticator), and
# only those of this class. Another authenticator (OAuth, LTI, LDAP) fits here too.
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
# (No hub admins here: an admin can open every student's server. Name whoever runs the
# machine in c.Authenticator.admin_users if the web admin page is wanted.)

# Serve over HTTPS: a certificate here, or a reverse proxy (nginx, Caddy) in front.
# c.JupyterHub.bind_url = "https://:443"
# c.JupyterHub.ssl_cert = "/etc/letsencrypt/live/HOST/fullchain.pem"
# c.JupyterHub.ssl_key = "/etc/letsencrypt/live/HOST/privkey.pem"

# nbgrader's group names: formgrade-<course> for graders, nbgrader-<course> for students
# (what nbgrader's JupyterHubAuthPlugin reads if more courses join this hub).
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS},
    f"nbgrader-{COURSE_ID}": {"users": STUDENTS},
}

# Each user's server runs as that system user in their home folder (LocalProcessSpawner,
# JupyterHub's default; SystemdSpawner adds memory and CPU limits per user).
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"GRADELIB_EXCHANGE": EXCHANGE, "GRADELIB_COURSE_ID": COURSE_ID}
# The formgrader belongs to the course service, not to anyone's own server: in a
# student's server it would only show that student's own files, and confuse.
c.Spawner.args = ["--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False"]

# The course's formgrader: a Jupyter server run by the hub as GRADER in the course folder
# (so the course's nbgrader_config.py applies: gradebook, judges, sandbox), at
# /services/<course id>/formgrader; Generate, Release, Collect, Autograde, grading by
# hand and feedback all happen there.
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": "http://127.0.0.1:9999",
        "command": ["jupyterhub-singleuser"],
        "user": GRADER,
        "cwd": COURSE_ROOT,
        "environment": {"GRADELIB_EXCHANGE": EXCHANGE, "GRADELIB_COURSE_ID": COURSE_ID},
        "oauth_no_confirm": True,
    },
]
# Only the instructor group may open it (anyone else gets 403).
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE_ID}",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [f"access:services!service={COURSE_ID}"],
    },
]
