"""Run one command and print, as JSON, its wall time, its peak memory and its exit code.

Run in a fresh process per measurement, so RUSAGE_CHILDREN's peak is that command's alone.
"""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu": (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN)),
    "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "returncode": done.returncode,
    "tail": (done.stdout + done.stderr)[-1500:],
}))
