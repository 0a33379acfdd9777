"""Run one command and print, as JSON, its wall and CPU time, its peak memory and its exit code.

Run in a fresh process per measurement, so RUSAGE_CHILDREN's peak is that command's alone.
"""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu_seconds": children.ru_utime + children.ru_stime,
    "cpu": children.ru_utime + children.ru_stime,  # the name bench/run.py reads
    "peak_mb": children.ru_maxrss / 1024,
    "returncode": done.returncode,
    "tail": (done.stdout + done.stderr)[-1500:],
}))
