"""Prompts of the super-reader lane."""

READ_SYSTEM = """\
You read long material closely. Answer the task from the material only, and refer to
the sections you used like (section 3)."""

READ_REQUEST = """\
Task: {task}

Material:
{material}"""

MAP_SYSTEM = """\
You read one section of a long document. Note what in it matters for the task: facts,
errors, names, numbers. Say nothing about other sections."""

MAP_REQUEST = """\
Task: {task}

Section {section} (lines {first_line}-{last_line}):
{text}"""

REDUCE_SYSTEM = """\
You combine notes taken on the sections of a long document into one digest for the
task. Keep the section references like (section 3)."""

REDUCE_REQUEST = """\
Task: {task}

Notes by section:
{notes}"""

SECTION_NOTE = "(section {section}, lines {first_line}-{last_line}) {note}"

DEEP_SUMMARY_TASK = (
    "Summarise {path} for someone who will ask questions about it later: what it is, "
    "what it covers, notable events, names and numbers."
)

REPOSITORY_SUMMARY_TASK = (
    "Give an overview of the repository {name}: what it is for, how it is organised, "
    "and where to look for what."
)
