"""Hostile text through the project-management readers: never a crash, always bounded."""

from __future__ import annotations

import random
import time
from datetime import date

from nodes.pm.intent import read_intent
from nodes.pm.notes.reading import read_by_rules
from nodes.pm.notes.rules import clauses, rule_reading

PIECES = [
    "Noor will", "by Friday", "@", "(owner:", ";", "\n- ", "TODO:", "CORE-12", "move", "to",
    "done", "assign", "EPIC-1", "'", '"', "\\", "\ufffd", "\u202e", "🙂", "by 31 February",
    "by next next Friday", "Action items", ":", "—", "and", ",", "we still need", "delete",
    "close CORE-1, CORE-2", "x" * 300, "\t", "roadmap", "draft", "status", "blocked",
    "|", "| Owner |", "|---|", "->", "=>", "<kim>", "Priya:", "yesterday:", "today:", "(sam)",
    "— Luis —", "owner TBD", "???", "can you", "yep", "can't", "I'll", "She will", "it",
    "Dana Whitfield  10:14", ":tada: 4", "Best,", "## Action items", "what went well:",
]  # fmt: skip


def test_random_text_never_crashes_the_readers():
    rng = random.Random(12)
    today = date(2026, 2, 28)
    for _ in range(500):
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        read_intent(text, today)
        for clause in clauses(text):
            item = rule_reading(clause, today)
            assert item is None or (0 < len(item.title) <= 200)
        for item in read_by_rules(text, today).items:
            assert 0 < len(item.title) <= 200 and (item.owner is None or item.owner.strip())


def test_a_huge_paste_is_read_in_bounded_time():
    text = ("Lee will check the logs, Ana needs to rotate keys; " * 4000) + "\n" * 5000
    started = time.perf_counter()
    found = clauses(text)
    read_intent(text, date(2026, 11, 23))
    reading = read_by_rules(text, date(2026, 11, 23))
    one_line = read_by_rules(
        "| a | Owner |\n|---|---|\n" + "x -> y (sam). " * 20_000, date(2026, 11, 23)
    )
    assert len(found) <= 24 and time.perf_counter() - started < 5
    assert len(reading.items) + len(reading.context) <= 200 and len(one_line.items) <= 200
