"""Run a command and report its wall time and the CPU time of every process it started.

The browser's processes are not waited for by their parent (so rusage misses them): this polls
/proc for the whole process tree instead, keeping each process's last reading. Linux only.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")


def _readings() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) for every process on the machine."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return found


def run(cmd: list[str], cwd=None, env=None, every: float = 0.2, **kwargs) -> dict:
    """Wall seconds, CPU seconds of the whole tree, and the finished process."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, **kwargs)
    cpu: dict[int, float] = {}
    tree = {process.pid}
    done = threading.Event()

    def poll():
        while not done.is_set():
            readings = _readings()
            for pid, (parent, seconds) in readings.items():
                if parent in tree:
                    tree.add(pid)
            for pid in tree:
                if pid in readings:
                    cpu[pid] = max(cpu.get(pid, 0.0), readings[pid][1])
            done.wait(every)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    return {"wall": wall, "cpu": sum(cpu.values()), "returncode": process.returncode, "output": out}
