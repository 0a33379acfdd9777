"""Shared helpers: where things are, and building a site in a temporary folder."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECT = re.compile(r"expect: ([\w-]+)")


def expected_rule(path: Path) -> str:
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} must say which rule it breaks ('expect: rule-id')"
    return match.group(1)


def run_build(project: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` (never -q: quiet mode hides the warnings strict counts)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", "site"],
        cwd=project, capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project, copied and strictly built once per test run; returns the copy."""
    project = tmp_path_factory.mktemp("real") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", "__pycache__", "test-artifacts", ".pytest_cache"))
    run = run_build(project)
    assert run.returncode == 0, run.stderr
    return project


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site whose mkdocs.yml points at this project's hooks."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(ROOT / "hooks"))
                      .replace("OVERRIDES_DIR", str(ROOT / "overrides")))
    return project
