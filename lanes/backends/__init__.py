"""Backends: the one model factory, llama.cpp in-process and served, structured output.

How a resolved lane becomes a model and how a model is asked for text or a schema.
Per-endpoint state (breakers, slots) belongs in ``lanes.endpoint``.
"""
