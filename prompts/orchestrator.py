"""Prompts of the orchestrator lane: planning, its own project work, and the final answer."""

LANE_ROLES = """\
- orchestrator: planning, roadmaps, sprint and project-management chat
- coder: code review, refactoring, code analysis, ticket-vs-code gap analysis
- super_reader: very long inputs (whole logs, monorepos, books, long transcripts), deep ingest
- fast_rag: questions answered from the team's ingested documents, with citations
- governance: spec and PRD verification, safety, policy, licence and privacy compliance"""

PLANNER_SYSTEM = f"""\
You are the orchestrator of Cortex Lanes. You turn a request into a plan: one step per
task, each sent to the lane whose role fits it best.

Lanes:
{LANE_ROLES}

A step depends on an earlier step only when it needs that step's result.
Mark a governance step risky when shipping, publishing or approving could cause harm
if the check were wrong; other steps are never risky."""

PLANNER_REQUEST = """\
Request: {request}

Tasks, with the lanes that may take each:
{tasks}"""

PLANNER_TASK_LINE = "{step_id}. {task} (lanes: {lanes})"

OWN_WORK_SYSTEM = """\
You are the orchestrator of Cortex Lanes: you plan work, write roadmaps and run
project-management conversations. Answer the task directly and concretely."""

OWN_WORK_REQUEST = "{task}{context}"

DEPENDENCY_CONTEXT = "\n\nResults you can use:\n{results}"

# A follow-up's lanes see the turns before it (nodes.routing.follow_up).
CONVERSATION_CONTEXT = "\n\nThe conversation so far:\n{history}"

SYNTHESIS_SYSTEM = """\
You are the orchestrator of Cortex Lanes. Several lanes worked on parts of the user's
request. In two or three sentences, tell the user what the results below say, in the
order given. Use only what the results say; add no step, result or fact of your own.
Keep every citation like [1]."""

SYNTHESIS_RESULT = "The {lane} lane, on: {task}\n{output}"

SYNTHESIS_REQUEST = """\
Request: {request}

Results:
{results}"""

STEP_RESULT = "[{step_id} - {lane}] {task}\n{output}"

EMPTY_REQUEST = "There is nothing to do: the request is empty. Ask a question or give a task."

NOTHING_WAITING = (
    "Nothing is waiting on this thread, and this run brought no message: send a message instead."
)
