"""The real site's strict build, started as soon as the tests are collected, so that it runs
beside the first tests instead of before them; whatever needs the built site waits for it."""
from __future__ import annotations

import concurrent.futures
import shutil
import subprocess
import threading
import time
from pathlib import Path

# What a copy of the project leaves out: built output, caches and the environment.
NOT_COPIED = shutil.ignore_patterns(".venv", "site", "build", ".git", "__pycache__", "test-artifacts",
                                    ".pytest_cache", ".cache")


class BuildAhead:
    """Copies ``root`` to ``project`` and starts ``command`` there; ``result()`` waits for it."""

    def __init__(self, root: Path, project: Path, command: list[str], env: dict):
        self.project = project
        self.seconds = 0.0
        self._started = time.perf_counter()
        shutil.copytree(root, project, ignore=NOT_COPIED)
        self._process = subprocess.Popen(command, cwd=project, env=env, text=True,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._finished: concurrent.futures.Future = concurrent.futures.Future()
        threading.Thread(target=self._wait, name="real-site-build", daemon=True).start()

    def _wait(self) -> None:
        stdout, stderr = self._process.communicate()
        self.seconds = time.perf_counter() - self._started
        self._finished.set_result(subprocess.CompletedProcess(self._process.args, self._process.returncode,
                                                              stdout, stderr))

    def result(self) -> subprocess.CompletedProcess:
        return self._finished.result()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
