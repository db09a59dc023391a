"""Due dates as people write them in notes ("by Friday", "by 3 March"), made dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WHEN = (
    rf"(?:next\s+)?{_DAY}|tomorrow|today|tonight|eod|eow|end\s+of\s+(?:the\s+)?next\s+(?:week|month)"
    rf"|end\s+of\s+(?:the\s+)?(?:day|week|month|sprint)"
    rf"|next\s+week|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|eod\s+(?:tmrw|tomorrow)|tmrw|this\s+(?:week|morning|afternoon)|lunch|q[1-4]"
    rf"|next\s+(?:sprint|retro|sync|meeting|planning|release)|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)(?!\s+(?:of\s+)?{_MONTH})|sprint\s+\d+|asap|\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2,4}})?|end\s+of\s+{_MONTH}|\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
)
# "by Friday", "before 3 March", "due next week", "(Fri)".
DUE = re.compile(
    rf"[\s,]*(?:\b(?:by|before|b4|due(?:\s+on|\s+by)?|until|no\s+later\s+than)\s+(?:the\s+)?"
    rf"(?P<when>{WHEN})\b|\((?P<paren>{WHEN})\))",
    re.IGNORECASE,
)


# "I'll share the plan tomorrow": a time word that ends the clause, with no "by".
BARE_DUE = re.compile(
    r"[\s,]+(?P<when>today|tonight|tomorrow|tmrw|this week|next week|eod|eow)(?P<paren>)[\s.!]*$",
    re.IGNORECASE,
)


def find_due(text: str, today: date) -> tuple[date | None, str]:
    """The due date ``text`` names, and ``text`` without that phrase."""
    match = DUE.search(text) or BARE_DUE.search(text)
    if match is None:
        return None, text
    when = (match.group("when") or match.group("paren") or "").lower()
    rest = (text[: match.start()] + text[match.end() :]).strip()
    return to_date(when, today), rest


def to_date(when: str, today: date) -> date | None:
    """``when`` ("friday", "next week", "2026-12-01", "march 3") as a date on or after today."""
    when = " ".join(when.lower().replace(".", "").split())
    if when in ("today", "tonight", "eod", "end of day", "end of the day"):
        return today
    if when in ("tomorrow", "tmrw", "eod tmrw", "eod tomorrow"):
        return today + timedelta(days=1)
    if when in ("eow", "end of week", "end of the week"):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if when in ("next week",):
        return today + timedelta(days=7 - today.weekday())
    if when in ("end of next week", "end of the next week"):
        return today + timedelta(days=7 - today.weekday() + 4)
    if when in ("end of next month", "end of the next month"):
        month = today.month % 12 + 1
        year = today.year + (today.month == 12)
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)
    if when in ("end of month", "end of the month"):
        following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if when in ("end of sprint", "end of the sprint"):
        return today + timedelta(days=14)
    if when in ("this week",):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/\d{2,4})?", when):
        return _month_day(int(match.group(1)), int(match.group(2)), today)
    if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})(?:\.\d{2,4})?", when):  # 20.09: day, month
        return _month_day(int(match.group(2)), int(match.group(1)), today)
    if match := re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)", when):
        return _month_day(today.month, int(match.group(1)), today, roll="month")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
        try:
            return date.fromisoformat(when)
        except ValueError:
            return None
    return _weekday(when, today) or _day_of_month(when, today)


def _weekday(when: str, today: date) -> date | None:
    words = when.split()
    later = words[0] == "next"
    name = words[-1]
    for number, day in enumerate(_DAYS):
        if day.startswith(name[:3]):
            ahead = (number - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead + (7 if later and ahead < 7 else 0))
    return None


def _day_of_month(when: str, today: date) -> date | None:
    digits = re.search(r"\d{1,2}", when)
    month = next((i for i, m in enumerate(_MONTHS, 1) if re.search(rf"\b{m}", when)), None)
    if digits is None or month is None:
        return None
    try:
        found = date(today.year, month, int(digits.group()))
    except ValueError:
        return None
    return found if found >= today else found.replace(year=today.year + 1)


def _month_day(month: int, day: int, today: date, roll: str = "year") -> date | None:
    """Month and day as the next such date on or after today (US order: 3/15 is 15 March)."""
    try:
        found = date(today.year, month, day)
    except ValueError:
        return None
    if found >= today:
        return found
    if roll == "month":
        following = today.month % 12 + 1
        try:
            return date(today.year + (today.month == 12), following, day)
        except ValueError:
            return None
    return found.replace(year=today.year + 1)
