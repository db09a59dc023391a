"""The OpenAI-compatible API: ``/v1/models`` and ``/v1/chat/completions`` on the server.

Standard clients (the ``openai`` SDK, LangChain's ``ChatOpenAI``, Open WebUI, Continue)
talk to Cortex as to a model: ``cortex`` is the supervisor (routed, planned, answered),
``cortex/<lane>`` one lane and its fallback chain. Behind the same keys as the rest of
the server (``server.auth``).
"""
