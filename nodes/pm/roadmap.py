"""The roadmap service: milestones built from a project's stored epics and tickets.

Built from what is stored, never invented: each open epic goes to one milestone, in
order of its earliest due ticket (then its open work, most first), spread evenly over
the horizon's periods; a ticket goes with its epic. What the ordering assumed is
stored with the roadmap.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, timedelta

from stores.board import Epic, Milestone, Roadmap, Ticket

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}
_UNITS = {"quarter": 91, "month": 30, "sprint": 14, "week": 7}
DEFAULT_HORIZON = (2, "quarter")


MAX_PERIODS = 12
_HORIZON = re.compile(
    r"(?P<sign>-\s*)?\b(?P<n>\d+|one|two|three|four|five|six|a|an)?\s*(?:next\s+)?"
    r"(?P<unit>quarter|month|sprint|week)s?\b",
    re.IGNORECASE,
)


def horizon(text: str) -> tuple[int, str]:
    """How many periods of which kind the request asks for ("next two quarters": 2, quarter).

    Lenient, for chat: no period named is the default horizon; counts are kept to
    1..``MAX_PERIODS``. ``horizon_problem`` says what this would have to bend.
    """
    match = _HORIZON.search(text)
    if match is None:
        return DEFAULT_HORIZON
    return max(1, min(_count(match), MAX_PERIODS)), match.group("unit").lower()


def horizon_problem(text: str) -> str | None:
    """Why ``horizon`` cannot read ``text`` as written (it would bend it), or None."""
    match = _HORIZON.search(text)
    if match is None:
        return f"names no period ({', '.join(f'{u}s' for u in _UNITS)})"
    count = _count(match)
    if match.group("sign") or count < 1:
        return "asks for fewer than one period"
    if count > MAX_PERIODS:
        return f"asks for more than {MAX_PERIODS} {match.group('unit').lower()}s"
    return None


def _count(match: re.Match[str]) -> int:
    word = (match.group("n") or "1").lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def build_roadmap(epics: list[Epic], tickets: list[Ticket], request: str, today: date) -> Roadmap:
    """Milestones over the horizon the request names, from the open epics and their tickets."""
    count, unit = horizon(request)
    open_epics = [e for e in epics if e.status == "open"]
    work = {e.id: [t for t in tickets if t.epic == e.id and t.status != "done"] for e in open_epics}
    ordered = sorted(
        open_epics,
        key=lambda e: (
            min((t.due for t in work[e.id] if t.due), default=date.max),
            -len(work[e.id]),
            int(e.id.split("-")[1]),
        ),
    )
    per = max(1, math.ceil(len(ordered) / count))
    milestones = []
    for n in range(count):
        chunk = ordered[n * per : (n + 1) * per]
        target = today + timedelta(days=_UNITS[unit] * (n + 1))
        milestones.append(
            Milestone(
                name=f"{unit.capitalize()} {n + 1}",
                target=target.isoformat(),
                epics=[e.id for e in chunk],
                tickets=[t.id for e in chunk for t in work[e.id]],
            )
        )
    loose = [t.id for t in tickets if t.status != "done" and t.epic not in work]
    assumptions = [
        f"{count} {unit}(s) from {today.isoformat()}, each ending on its target date",
        "epics ordered by their earliest due ticket, then by open tickets (most first)",
        f"{len(ordered)} open epic(s), about {per} per milestone",
    ]
    if loose:
        assumptions.append(f"not scheduled (no open epic): {', '.join(loose)}")
    return Roadmap(
        created_at=time.time(),
        horizon=f"{count} {unit}(s)",
        milestones=milestones,
        assumptions=assumptions,
    )


def render_markdown(roadmap: Roadmap, epics: list[Epic], tickets: list[Ticket]) -> str:
    """The roadmap as Markdown: a heading and a table per milestone, then the assumptions."""
    titles = {e.id: e.title for e in epics}
    by_id = {t.id: t for t in tickets}
    lines = [f"# Roadmap: next {roadmap.horizon}", ""]
    for milestone in roadmap.milestones:
        lines += [f"## {milestone.name} (target {milestone.target})", ""]
        if not milestone.epics:
            lines += ["Nothing scheduled.", ""]
            continue
        lines += ["| epic | ticket | title | owner | status | due |", "|---|---|---|---|---|---|"]
        for epic in milestone.epics:
            epic_title = _cell(f"{epic} {titles.get(epic, '')}".strip())
            own = [by_id[t] for t in milestone.tickets if t in by_id and by_id[t].epic == epic]
            if not own:
                lines.append(f"| {epic_title} | - | (no open tickets) | - | - | - |")
            for t in own:
                due = t.due.isoformat() if t.due else "-"
                lines.append(
                    f"| {epic_title} | {t.id} | {_cell(t.title)} | {_cell(t.owner or '-')} "
                    f"| {t.status} | {due} |"
                )
        lines.append("")
    lines += ["Assumptions:", *(f"- {a}" for a in roadmap.assumptions)]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
