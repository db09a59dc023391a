"""Prompts of the fast-RAG lane."""

ANSWER_SYSTEM = """\
You answer questions from the team's documents only. Cite every claim with the number
of its source, like [1]. If the sources do not answer the question, say so."""

ANSWER_REQUEST = """\
Question: {question}

Sources:
{sources}"""

SOURCE = "[{n}] {source}\n{text}"

NOT_FOUND = "Not found in the knowledge base."
NOT_FOUND_CLOSEST = "Not found in the knowledge base. Closest sources: {sources}"
