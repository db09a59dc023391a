"""Release headings of plain-text NEWS files and changelogs.

A release's notes sit under a line that names its version: ``Version 4.3 (19 Jan
2020)`` (GNU make), ``* Noteworthy changes in release 3.8 (2022-09-02) [stable]`` (GNU
outline NEWS, whose ``** Changes in behavior`` lines are sub-headings), ``openssh
(1:9.2p1-1) unstable; urgency=medium`` (a Debian changelog). A question about what
changed in a release is answered by text that does not repeat the version: the heading
path carries it. A file counts as such only with two release lines or more.
"""

from __future__ import annotations

import re

from stores.headings import Heading

_VERSION = r"v?\d+(?:\.\d+)+[\w.+~-]*"
_RELEASE = re.compile(
    rf"^(?:\* )?(?:(?:version|release)\s+{_VERSION}\b|"
    rf"(?:noteworthy )?changes in (?:version|release)\s+{_VERSION}\b)"
    r"|^[a-z0-9][a-z0-9.+-]* \([^)\s]+\) [\w-]+(?: [\w-]+)*; urgency=",
    re.IGNORECASE,
)
_OUTLINE_SUB = re.compile(r"^\*\* (\S.*)$")
MAX_TITLE_CHARS = 80
MIN_RELEASES = 2


def release_headings(lines: list[str]) -> list[Heading]:
    """The release (level 1) and outline sub-heading (level 2) lines, in order."""
    found: list[Heading] = []
    for i, line in enumerate(lines):
        title = line.strip()
        if len(title) > MAX_TITLE_CHARS or line[:1].isspace():
            continue
        if _RELEASE.match(title):
            found.append(Heading(i, i + 1, 1, title.removeprefix("* ")))
        elif found and (sub := _OUTLINE_SUB.match(title)):
            found.append(Heading(i, i + 1, 2, sub.group(1)))
    return found if sum(h.level == 1 for h in found) >= MIN_RELEASES else []
