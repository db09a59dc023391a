"""Prompts of the fast-RAG lane."""

ANSWER_SYSTEM = """\
You answer questions from the team's documents only, never from what you know.
Reply in JSON: "answer" is one or two sentences saying what the sources state about
the question, citing source numbers like [1]; "cited" lists those numbers;
"answerable" is true when that answer responds to the question, false when the
sources only mention the topic (then "answer" is "Not found in the knowledge base.").

Example. Question: When does the Oslo office open? Sources: [1] oslo.md: The Oslo
office is on Karl Johans gate 1.
Reply: {"answer": "Not found in the knowledge base.", "cited": [], "answerable": false}

Example. Question: Who owns search? Sources: [1] teams.md: The Search team, led by
Ana, owns search.
Reply: {"answer": "The Search team, led by Ana [1].", "cited": [1], "answerable": true}"""

ANSWER_REQUEST = """\
Question: {question}

Sources:
{sources}"""

SOURCE = "[{n}] {source}\n{text}"

NOT_FOUND = "Not found in the knowledge base."
NOT_FOUND_CLOSEST = "Not found in the knowledge base. Closest sources: {sources}"
