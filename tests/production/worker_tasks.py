"""Tasks for the worker fault tests only: each leaves its trace in files, so a test sees
what ran even when the worker running it was killed."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def wait_for_go(folder: str) -> int:
    """Notes that it started, then waits until the test creates `go`; returns how many
    times it was started in all."""
    folder = Path(folder)
    with (folder / "runs").open("a") as runs:
        runs.write(f"{os.getpid()}\n")
    (folder / "started").touch()
    while not (folder / "go").exists():
        time.sleep(0.05)
    return len((folder / "runs").read_text().split())


@task
def note(folder: str, label: str) -> str:
    (Path(folder) / label).touch()
    return label
