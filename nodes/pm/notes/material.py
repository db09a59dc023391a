"""A question about material is not notes: code, a diff, a config, a policy or a spec.

"Does this retention policy comply? Support keeps chats for 2 years; Ana owns it." has
an owner and work in it, and was once turned into tickets. A request that carries
material and asks about it (a question mark, or review / check / comply / explain ...)
gets an answer, never board changes, unless it says it is notes ("meeting notes",
"action items", "minutes").
"""

from __future__ import annotations

import re

from nodes.code_review.snippets import snippets, without_code
from nodes.pm.notes.layout import lay_out

# Said in the prose, not in the code: "minutes" as a header ("Minutes of ...",
# "Minutes:"), not Go's time.Duration.Minutes() or "took 5 minutes".
_NOTES_HEADER = re.compile(
    r"\b(?:meeting notes|action items|notes from|stand-?up notes|retro notes)\b|"
    r"^\W*minutes\b|\bminutes (?:of|from)\b",
    re.I | re.M,
)
# What code_review.snippets does not take for code: a diff's markers, and lines ending
# as code and configs do (terraform blocks, statements).
_DIFF_OR_BLOCK = re.compile(r"^(?:\+\+\+|---|@@) |[;{}]\s*$|=>", re.M)
# A config's "key: value" line: a short value ("timeout: 30"), not a sentence after a label
# ("impact: dashboards were ~6h stale").
_CONFIG = re.compile(r"^\s*[\w.-]+\s*:\s*\S+(?:\s+\S+){0,2}\s*$|^\s*\"[\w.-]+\"\s*:", re.M)
_DOCUMENT = re.compile(
    r"\b(?:policy|policies|spec|specification|prd|requirements?|design doc|runbook|"
    r"configuration|config|yaml|json|terraform|dockerfile|contract|licen[cs]e|gdpr|pci|"
    r"soc ?2|hipaa|retention)\b",
    re.I,
)
_COMPLIANCE = re.compile(
    r"\b(?:comply|complies|compliant|compliance|violat\w*|allowed under|against (?:our|the)"
    r"(?: [\w-]+){0,4} (?:policy|policies|rules|standards|guidelines)|"
    r"is (?:this|it|that) (?:ok|okay|allowed|acceptable)|"
    r"(?:policy|policies|privacy|gdpr|pci|security) "
    r"(?:problems?|issues?|concerns?|risks?|review))\b",
    re.I,
)
# Something asked as well ("... and file tickets for what fails", "then rewrite it"):
# a plan of several steps, the router's to make.
_MORE_ASKED = re.compile(
    r"\b(?:file|create|open|add|make|raise)\s+(?:\w+\s+){0,2}(?:tickets?|tasks?|epics?)\b|"
    r"\bon the board\b|\bassign (?:it|them|this)\b|\b(?:then|after that|afterwards|also)\b|"
    r"\b(?:update|close|block|move|reopen|comment on)\b[^.?!\n]{0,25}"
    r"\b(?:ticket|issue|epic|story)\b",
    re.I,
)
PASTED_LINES = 2  # a question line and at least one line (a paragraph) pasted with it
_ASKED_LINE = re.compile(
    r"\?|^\W*(?:please\s+)?(?:check|review|verify|assess|audit|flag|scan|compliance check)\b|"
    r"\bplease\b|\bpls\b|\bcan you\b|\bcould you\b",
    re.I,
)
# A line that is itself a task ("- Review auth.py for secrets"), not pasted material.
_TASK_LINE = re.compile(
    r"^\W*(?:please\s+)?(?:check|review|verify|assess|audit|flag|scan|fix|write|draft|"
    r"summari[sz]e|compare|find|update|create|add|list)\b",
    re.I,
)
_ASKS = re.compile(
    r"\?|\b(?:review|check|audit|assess|evaluate|comply|complies|compliant|compliance|"
    r"analy[sz]e|explain|look over|go over|sanity[- ]check|is this|does this|is it|"
    r"what do you think|any (?:issues|problems|bugs)|find (?:the )?bugs?)\b",
    re.I,
)


def carries_material(text: str) -> bool:
    """Pasted code (as the coder lane finds it), a diff or a config (``key: value`` lines)."""
    if snippets(text) or _DIFF_OR_BLOCK.search(text):
        return True
    # "Priya: I can take it" lines are a conversation, not a config's keys.
    return len(_CONFIG.findall(text)) >= 3 and len(lay_out(text).speakers) < 2


def asks_about_material(text: str) -> bool:
    """Whether ``text`` asks about material it carries, or whether a document complies.

    Naming a document is not enough ("Marco to write the runbook" is work): the
    material must be pasted, or the question must be about compliance.
    """
    if _compliance_asks(text):  # "Compliance check please:" over a pasted text, even
        return True  # a postmortem with "Action items" in it
    if _NOTES_HEADER.search(without_code(text)):
        return False
    if carries_material(text) and _ASKS.search(text):
        return True
    asked = "?" in text or _ASKED_LINE.search(text)
    conversation = len(lay_out(text).speakers) >= 2  # people talking about compliance
    return bool(_DOCUMENT.search(text) and _COMPLIANCE.search(text) and asked and not conversation)


def asks_for_compliance(text: str) -> bool:
    """A compliance question over a pasted document or code, asking nothing else.

    The question is the first or the last line ("Does this comply?" then the document,
    or the document then "any policy problems here?"), asked (a question mark or a
    request), not a heading ("Compliance sync notes"); a one-line question names no
    material, and one that also asks for tickets or a next step is a plan of several.
    """
    asks = _compliance_asks(text)
    return bool(asks) and not any(_MORE_ASKED.search(line) for line in asks)


def _compliance_asks(text: str) -> list[str]:
    """The first or last line, when it asks a compliance question over lines pasted."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < PASTED_LINES:
        return []
    asks = [
        line
        for line in dict.fromkeys((lines[0], lines[-1]))
        if _COMPLIANCE.search(line) and _ASKED_LINE.search(line) and not _NOTES_HEADER.search(line)
    ]
    pasted = [line for line in lines if line not in asks]
    if all(_TASK_LINE.search(line) for line in pasted):
        return []  # "- Review auth.py\n- Check the spec against the policy": tasks, not material
    return asks


def asks_only_about_material(text: str) -> bool:
    """A question about pasted code or config that asks nothing of the board or after."""
    lines = [line for line in text.splitlines() if line.strip()]
    ask = f"{lines[0]}\n{lines[-1]}" if lines else ""
    return bool(
        carries_material(text) and asks_about_material(text) and not _MORE_ASKED.search(ask)
    )
