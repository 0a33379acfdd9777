"""`python -m MODULE ARGS...` run in a child forked from a Python that has already imported what
the builds and checks import.

Most of a fixture site's strict build (1.4 s of CPU) and nearly all of `guide lint` on it go to
importing mkdocs, the theme, the plugins and guide; the tests run some fifty of them. Each child
is still a process of its own, with its own arguments, folder, environment, output and exit
status, running the module as `python -m` would. Linux and macOS (fork); elsewhere, or with
PRELOADED=0, it starts a fresh interpreter instead.
"""
from __future__ import annotations

import atexit
import concurrent.futures
import json
import os
import runpy
import select
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

# What a fixture build and `guide lint` import: each a module the child would import anyway.
PRELOAD = ("mkdocs.__main__", "mkdocs.commands.build", "material.plugins.search.plugin", "mkdocs_bibtex.plugin",
           "markdown", "pymdownx.snippets", "pymdownx.superfences", "pymdownx.details", "pybtex.database",
           "guide.__main__", "guide.content_check", "guide.site_build", "guide.exports")


def _child(job: dict) -> None:
    """In the forked child: become `python -m job["module"]` and exit with its status."""
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    for fd, path in ((1, job["out"]), (2, job["err"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_TRUNC), fd)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    sys.path[0] = job["cwd"]  # as `python -m` puts the working folder first
    code = 0
    try:
        sys.argv = ["-m", *job["args"]]
        runpy.run_module(job["module"], run_name="__main__", alter_sys=True)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()  # logging's flush among them, as at a normal exit
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


def serve() -> None:
    """The forking server: a job a line on stdin; "id status" a line on stdout when it ends."""
    for module in PRELOAD:
        __import__(module)
    running: dict[int, str] = {}
    reading = True
    while reading or running:
        ready, _, _ = select.select([sys.stdin] if reading else [], [], [], 0.05)
        if ready:
            line = sys.stdin.readline()
            if not line:
                reading = False
            else:
                job = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    _child(job)
                running[pid] = job["id"]
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            print(running.pop(pid), os.waitstatus_to_exitcode(status), flush=True)


class Preloaded:
    """A forking server started with ``env``; ``run`` may be called from several threads at once."""

    def __init__(self, env: dict):
        self._server = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, text=True)
        self._folder = tempfile.TemporaryDirectory(prefix="preloaded-")
        self._lock = threading.Lock()
        self._waiting: dict[str, concurrent.futures.Future] = {}
        self._count = 0
        threading.Thread(target=self._read, name="preloaded-results", daemon=True).start()

    def _read(self) -> None:
        for line in self._server.stdout:
            job, status = line.split()
            self._waiting.pop(job).set_result(int(status))
        for future in self._waiting.values():  # the server died: nothing more will end
            future.set_exception(RuntimeError("the preloaded Python stopped"))

    def run(self, module: str, args: list[str], cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
        with self._lock:
            self._count += 1
            job = str(self._count)
            out, err = (Path(self._folder.name) / f"{job}.{name}" for name in ("out", "err"))
            out.touch(), err.touch()
            future = self._waiting[job] = concurrent.futures.Future()
            self._server.stdin.write(json.dumps({"id": job, "module": module, "args": args, "cwd": str(cwd),
                                                 "env": env, "out": str(out), "err": str(err)}) + "\n")
            self._server.stdin.flush()
        try:
            status = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise subprocess.TimeoutExpired([module, *args], timeout) from None
        return subprocess.CompletedProcess(["-m", module, *args], status, out.read_text(), err.read_text())

    def close(self) -> None:
        self._server.stdin.close()
        self._server.wait(timeout=60)
        self._folder.cleanup()


if __name__ == "__main__":
    serve()
