#!/usr/bin/env python3
"""Time from start until the wizard's first question is on the screen.

Usage: first-prompt.py BINARY RUNS

Runs BINARY on a pseudo-terminal RUNS times with an empty config and prints the median and
the fastest time in milliseconds. Standard library only.
"""
import os
import pty
import select
import signal
import statistics
import sys
import tempfile
import time

binary, runs = sys.argv[1], int(sys.argv[2])
QUESTION = b"B2B Edition"
times = []
for _ in range(runs):
    with tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "TERM": "xterm",
            "NO_COLOR": "1",
            "PATH": os.environ.get("PATH", ""),
        }
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary, "--secret-store", "file"], env)
        seen = b""
        while QUESTION not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                sys.exit("no question within 10 s")
            seen += os.read(fd, 4096)
        times.append((time.perf_counter() - start) * 1000)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
print(f"{statistics.median(times):.2f} {min(times):.2f}")
