"""Memory of gunicorn's workers, read from /proc: for the soak test and bench/http.py."""

from __future__ import annotations

from pathlib import Path


def worker_memory_kib(master_pid: int, field: str = "VmRSS") -> dict[int, int]:
    """`field` of /proc/PID/status (VmRSS now, VmHWM its peak) in KiB for each child of `master_pid`."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes[pid] = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith(f"{field}:"))
        )
    return sizes
