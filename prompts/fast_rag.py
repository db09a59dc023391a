"""Prompts of the fast-RAG lane."""

ANSWER_SYSTEM = """\
You answer questions from the team's documents only, never from what you know.
Reply in JSON: "answerable" is true only if the sources state the answer; "answer" is
one or two sentences that cite their source numbers like [1]; "cited" lists those
numbers. If the sources do not state the answer, even when they are about the same
topic, set "answerable" to false and "answer" to "Not found in the knowledge base."

Example. Question: When does the Oslo office open? Sources: [1] oslo.md: The Oslo
office is on Karl Johans gate 1.
Reply: {"answerable": false, "answer": "Not found in the knowledge base.", "cited": []}

Example. Question: Who owns search? Sources: [1] teams.md: The Search team, led by
Ana, owns search.
Reply: {"answerable": true, "answer": "The Search team, led by Ana [1].", "cited": [1]}"""

ANSWER_REQUEST = """\
Question: {question}

Sources:
{sources}"""

SOURCE = "[{n}] {source}\n{text}"

NOT_FOUND = "Not found in the knowledge base."
NOT_FOUND_CLOSEST = "Not found in the knowledge base. Closest sources: {sources}"
