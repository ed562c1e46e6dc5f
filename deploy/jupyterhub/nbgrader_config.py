"""nbgrader settings for every user of the hub: install as /etc/jupyter/nbgrader_config.py.

Students have no course folder, so this is where their Assignments tab and their
`nbgrader fetch_assignment` / `submit` / `fetch_feedback` learn the course id and the
exchange. The hub (jupyterhub_config.py) sets both variables for every server; the
defaults are the same values, for a shell outside the hub.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = os.environ.get("GRADELIB_COURSE_ID", "generative-dl")
c.Exchange.root = os.environ.get("GRADELIB_EXCHANGE", "/srv/nbgrader/exchange")
