"""A worker process for the board concurrency tests: ``cortex tickets`` run in rounds.

``python -m tests.integration.board_worker GATE WORKER`` imports the CLI once, then for
each round the test opens (the file ``GATE/go-<phase>-<round>`` appearing) runs one
``cortex tickets`` command through ``cli.main.main``, exactly as the ``cortex`` script
does, and writes ``GATE/done-<phase>-<round>-<worker>`` holding its exit code. Every
worker waits on the same file, so each round is a race between real processes. The
phases and the command each worker runs are in ``command``; ``GATE/stop`` ends it.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from cli.main import main as cortex

WAIT_S = 120.0
STATUSES = ("in_progress", "blocked", "done", "todo")


def command(phase: str, round_: int, worker: int, gate: Path) -> list[str] | None:
    """The ``cortex`` arguments worker ``worker`` runs in one round, or None to sit out."""
    if phase == "add":  # every worker creates one ticket
        return ["tickets", "add", f"Race ticket r{round_} w{worker}", "--project",
                "race"]  # fmt: skip
    if phase == "fields" and worker < 4:  # four workers change four fields of one ticket
        change = {
            0: ["--status", STATUSES[round_ % 4]],
            1: ["--owner", f"Owner{round_}"],
            2: ["--due", (date(2027, 1, 1) + timedelta(days=round_)).isoformat()],
            3: ["--title", f"Shared ticket, round {round_}"],
        }[worker]
        return ["tickets", "update", "FIELDS-1", *change, "--project", "fields"]
    if phase == "imports" and worker < 2:  # two workers import 20 new rows each
        source = gate / f"import-{round_}-{worker}.csv"
        rows = [f"Imported row{row} round{round_} worker{worker},todo"
                for row in range(20)]  # fmt: skip
        source.write_text("title,status\n" + "\n".join(rows) + "\n")
        return ["tickets", "import", str(source), "--project", "imports"]
    return None


def run(gate: Path, worker: int) -> None:
    """Run rounds until ``GATE/stop`` appears (or nothing happens for ``WAIT_S``)."""
    done: set[str] = set()
    idle_since = time.monotonic()
    while time.monotonic() - idle_since < WAIT_S and not (gate / "stop").exists():
        ready = sorted(p.name for p in gate.glob("go-*") if p.name not in done)
        if not ready:
            time.sleep(0.002)
            continue
        name = ready[0]
        done.add(name)
        _, phase, round_ = name.split("-")
        argv = command(phase, int(round_), worker, gate)
        code = cortex(argv) if argv else 0
        partial = gate / f"partial-{phase}-{round_}-{worker}"
        partial.write_text(str(code))
        partial.rename(gate / f"done-{phase}-{round_}-{worker}")  # seen only when written
        idle_since = time.monotonic()


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]))
