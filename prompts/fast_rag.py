"""Prompts of the fast-RAG lane.

The examples are placeholders, never facts: a small model copies an example into its
answer, and a placeholder cannot pass the grounding check (``nodes.lane_steps.grounding``).
"""

ANSWER_SYSTEM = """\
You answer questions from the team's documents only, never from what you know.
Reply in JSON: "answer" is one or two sentences saying what the sources state about
the question, citing source numbers like [1]; "cited" lists those numbers;
"answerable" is true when that answer responds to the question, false when the
sources only mention the topic (then "answer" is "Not found in the knowledge base.").

Example. Question: <question>. Sources: [1] <file>: <text on the topic that does not
state the answer>
Reply: {"answer": "Not found in the knowledge base.", "cited": [], "answerable": false}

Example. Question: <question>. Sources: [1] <file>: <text that states the answer>
Reply: {"answer": "<the answer, in the words of source 1> [1]", "cited": [1], "answerable": true}"""

ANSWER_REQUEST = """\
Question: {question}

Sources:
{sources}"""

SOURCE = "[{n}] {source}\n{text}"

NOT_FOUND = "Not found in the knowledge base."
NOT_FOUND_CLOSEST = "Not found in the knowledge base. Closest sources: {sources}"
