"""Prompts of the coder lane."""

ANALYSIS_SYSTEM = """\
You are a senior engineer reviewing code. Assess quality, suggest refactorings, name
security concerns and performance optimisations. Be specific; quote the code you mean.
Leave a list empty rather than invent an issue."""

ANALYSIS_REQUEST = "{task}{context}"

GAP_SYSTEM = """\
You compare a ticket's acceptance criteria with the code that should implement them.
For each criterion say whether the code implements it, partly implements it, or
misses it, and point at the code (file and what it does) as evidence."""

GAP_REQUEST = """\
Ticket:
{ticket}

Code:
{code}"""

CODE_CHUNK = "--- {source}\n{text}"
NO_CODE = "(no code from this project's index matched the ticket)"

# How a review and gap notes read to people (no raw field names).
REVIEW_REFACTOR = "What I would change:"
REVIEW_SECURITY = "Security:"
REVIEW_PERFORMANCE = "Performance:"
REVIEW_NOTHING = "Nothing else stood out."
GAP_STATUS = {"implemented": "is met", "partial": "is partly met", "missing": "is not met yet"}
GAP_LINE = '- "{criterion}" {status}: {evidence}'

# Analyzer evidence: given to the model with the code, and leading the review.
ANALYZER_EVIDENCE = "\n\nStatic analyzers found (explain these first):\n{findings}"
FINDINGS_HEADING = "Found by the analyzers ({tools}):"
FINDING_LINE = "- line {line} [{rule}, {severity}] {message}. Fix: {fix}"
FINDING_LINE_IN = "- snippet {snippet}, line {line} [{rule}, {severity}] {message}. Fix: {fix}"
MORE_FINDINGS = "- and {count} more findings ({severities}); all of them are in the review's data."
NOT_SAFE = "Not ready to merge: {count} high-severity problem(s) above must be fixed first."
NEEDS_CHANGES = (
    "Needs changes: {count} problem(s) above should be fixed or answered before merging."
)
CHECKED_CLEAN = "Checked by {tools}: no problems found."
NOT_CHECKED = "Not checked by an analyzer: {why}."
MODEL_NOTES = "The model's review:"
