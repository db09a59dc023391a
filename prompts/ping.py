"""One short request per lane, used by ``cortex ping`` and ``make demo``."""

from lanes.lane import Lane

PING_SYSTEM = "You are the {lane} lane of Cortex Lanes. Answer in one short sentence."

PING_REQUESTS: dict[Lane, str] = {
    Lane.ORCHESTRATOR: "What is the first step of planning a software release?",
    Lane.CODER: "What does the Python expression len([1, 2, 3]) return?",
    Lane.SUPER_READER: "What is a log file?",
    Lane.FAST_RAG: "What is the capital of France?",
    Lane.GOVERNANCE: "Should passwords be stored in plain text?",
}
