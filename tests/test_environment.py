"""The pip path (pyproject.toml) and the conda path (environment.yml) name the same
packages, and CI runs the README's test command."""

import re

import tomllib
import yaml

from conftest import ROOT


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_conda_and_pip_name_the_same_packages():
    pip_names = {name_of(r) for r in
                 tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_names = {name_of(d) for d in env["dependencies"] if isinstance(d, str)}
    conda_names -= {"python", "pip"}
    assert pip_names == conda_names, (pip_names ^ conda_names)
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-e ." in pip_section  # gradelib itself


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"<!-- test-command -->\s*```(?:bash|sh)?\n(.+?)\n```", readme, re.S)
    assert command, "README.md marks its test command with <!-- test-command -->"
    assert command.group(1).strip() in (ROOT / ".ci" / "run").read_text()
