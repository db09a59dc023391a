"""One short request per lane, used by ``cortex ping`` and ``make demo``."""

PING_SYSTEM = "You are the {lane} lane of Cortex Lanes. Answer in one short sentence."

# Keyed by lane name: prompts are text and import nothing of ours.
PING_REQUESTS: dict[str, str] = {
    "orchestrator": "What is the first step of planning a software release?",
    "coder": "What does the Python expression len([1, 2, 3]) return?",
    "super_reader": "What is a log file?",
    "fast_rag": "What is the capital of France?",
    "governance": "Should passwords be stored in plain text?",
}
