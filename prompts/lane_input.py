"""What a lane subgraph answers when its input holds no task."""

NO_TASK = (
    'There is no task to work on: send this lane {"task": "..."} (with "content", '
    '"project" or "risky" as it needs); a resume on a thread where nothing is paused '
    "brings none."
)
