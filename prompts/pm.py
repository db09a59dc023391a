"""Prompts and reply texts of the orchestrator's project management."""

NOTES_SYSTEM = """\
You read meeting notes and mark the action items: work someone has to do. For each
numbered line say whether it is an action item, who owns it (a person's name written
in that line, or empty), and the task in a few words taken from the line. A decision,
a status report or an opinion is not an action item."""

NOTES_REQUEST = """\
Notes, one numbered line each:
{lines}"""

NOTES_LINE = "{n}. {clause}"

NO_STORE = (
    "Project management needs the run's store (the CLI and the LangGraph server provide "
    "one); this run has none, so nothing was recorded."
)
NO_ITEMS = (
    "I found no action items in that. Write them as, for example, "
    "'Noor will fix the login timeout by Friday' or 'we still need CSV export'."
)
CONTEXT_HEADER = (
    "Read as context, not ticketed (say 'create a ticket: ...' if one of these is work):"
)
CONTEXT_LINE = "- {text} ({why})"
CONTEXT_MORE = "- and {count} more"
CHANGES_HEADER = "Tickets in project '{project}':"
CHANGE_LINE = "- {op} {id}: {title}{details}"
NO_TICKETS = "No tickets match in project '{project}'."
TICKET_LINE = "- {id} [{status}] {title}{details}"
NO_EPICS = (
    "Project '{project}' has no epics stored, so there is nothing to build a roadmap "
    "from. Add the epics first, e.g. 'add epic: Invoicing v2 - customers pay online', "
    "or with: cortex tickets add TITLE --epic EPIC-1"
)
APPROVE_DELETE = "Delete {id} ('{title}')? This cannot be undone."
APPROVE_BULK = "Close {count} tickets ({ids})?"
APPROVE_CLOSE_ALL = "Close {what}{which} ({ids})?"
ALL_OPEN = "all {count} open tickets"
ONE_OPEN = "the one open ticket"
WHICH_OWNER = " of {owner}"
WHICH_EPIC = " in {epic}"
NONE_TO_CLOSE = "No open tickets{which} in project '{project}': nothing was closed."
NO_NEW_TITLE = "Not done: say the new title, e.g. 'rename {id} to Export invoices as CSV'."
UNREAD_DATE = (
    "Not done: '{when}' is not a date I can read; say e.g. 'Friday', 'next week', "
    "'end of month' or '2026-12-18' ('set the due date of {id} to Friday')."
)
UNCLEAR_SET = (
    "Nothing was closed: I can close all open tickets, or those of one owner or one epic "
    '("close all of Lee\'s tickets", "close all tickets in EPIC-2"), but not tell '
    "which tickets '{words}' means. Name them instead: \"close CORE-3 and CORE-4\"."
)
APPROVE_REOWN = "Re-own epic {id} ('{title}') from {old} to {new}?"
REJECTED = "Not done: the change was rejected{note}."
TICKET_CARD = "{id} [{status}] {title}: owner {owner}, due {due}, epic {epic}."
NOBODY = "nobody"
CREATED = "Created by {by} on {day}."
LAST_CHANGE = "Last change: {field} -> {new}, by {by} on {day}."
NO_SUCH_TICKET = "There is no ticket {id} in project '{project}'."
NOT_CHANGED = "Nothing was changed. To change it, ask for it: '{command}'."
UNKNOWN_TICKET = "I could not tell which ticket '{reference}' means in project '{project}'."
STATUS_HEADER = "Status of project '{project}': {counts}."
STATUS_BLOCKED = "Blocked: {items}."
STATUS_OVERDUE = "Overdue: {items}."
STATUS_RECENT = "Recently changed: {items}."
UNREAD_CHANGE = (
    "Nothing was changed: I did not read that as a change I can make. By chat the board "
    "takes: 'move CORE-3 to done' (close, reopen, start, block), 'close CORE-3 and "
    "CORE-4', 'close all of Lee's tickets' (or all tickets, or all in EPIC-2), 'assign "
    "CORE-3 to Lee', 'set the due date of CORE-3 to Friday', 'rename CORE-3 to ...', "
    "'delete CORE-3', 'add a ticket: ...', 'add epic: ...'. Anything else: "
    "`cortex tickets update --help`."
)
