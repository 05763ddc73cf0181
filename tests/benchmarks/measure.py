"""Measuring a command: wall time and peak memory of one child process, best of N, with a timeout.

Peak RSS comes from ``os.wait4`` (the rusage of that one child), not from RUSAGE_CHILDREN, which
keeps the maximum over every child reaped so far and would smear one run into the next.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int | None
    timed_out: bool
    stderr_tail: str = ""


@dataclass(slots=True)
class Measurement:
    """Best-of-N wall time and the largest peak RSS seen, for one command."""

    name: str
    size: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    timeout: float | None = None

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    @property
    def seconds(self) -> float:
        done = [r.seconds for r in self.runs if not r.timed_out]
        return min(done) if done else float("inf")

    @property
    def peak_mb(self) -> float:
        return max((r.peak_mb for r in self.runs), default=0.0)

    def shown_seconds(self) -> str:
        if self.timed_out and self.seconds == float("inf"):
            return f">{self.timeout:.0f}"
        return f"{self.seconds:.3f}"

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "command": self.command,
            "best_seconds": None if self.seconds == float("inf") else round(self.seconds, 4),
            "timed_out_after": self.timeout if self.timed_out else None,
            "peak_mb": round(self.peak_mb, 1),
            "runs_seconds": [round(r.seconds, 4) for r in self.runs],
            "returncodes": [r.returncode for r in self.runs],
        }


def run_once(
    command: list[str], *, cwd: Path | None = None, timeout: float | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``command`` once (stdout discarded); its wall time, peak RSS and exit code."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, env=env
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return Run(seconds, rss_kb / 1024, None if killed.is_set() else proc.returncode, killed.is_set(), tail)


@dataclass(frozen=True, slots=True)
class Spec:
    """One command to measure."""

    name: str
    size: str
    command: list[str]
    cwd: Path | None = None
    timeout: float | None = None
    expect: tuple[int, ...] = (0,)
    env: dict[str, str] | None = None
    """The environment (None: the benchmark's own)."""


def measure_together(specs: list[Spec], *, repeat: int) -> list[Measurement]:
    """Best of ``repeat`` runs of each command, run in turn (A B C A B C ...), so that commands
    compared as a ratio see the same state of a shared machine. A command stops after a timeout.

    Raises:
        RuntimeError: a command exited with a code not in its ``expect`` (the benchmark would be
            timing a failure).
    """
    found = [Measurement(s.name, s.size, s.command, timeout=s.timeout) for s in specs]
    for _ in range(repeat):
        for spec, m in zip(specs, found, strict=True):
            if m.timed_out:
                continue
            run = run_once(spec.command, cwd=spec.cwd, timeout=spec.timeout, env=spec.env)
            m.runs.append(run)
            if not run.timed_out and run.returncode not in spec.expect:
                command = " ".join(spec.command)
                raise RuntimeError(f"{spec.name} ({spec.size}) exited {run.returncode}: {command}\n{run.stderr_tail}")
    for m in found:
        print(f"  {m.size:>5} {m.name:<28} {m.shown_seconds():>9} s {m.peak_mb:8.0f} MB", file=sys.stderr, flush=True)
    return found


def measure(spec: Spec, *, repeat: int) -> Measurement:
    """Best of ``repeat`` runs of one command."""
    return measure_together([spec], repeat=repeat)[0]


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    names = (
        [line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")] if cpuinfo.exists() else []
    )
    if names:
        model = names[0].split(":", 1)[1].strip()
    memory_gb = None
    if hasattr(os, "sysconf"):
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
