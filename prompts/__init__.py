"""Prompts: every text sent to a model, as upper-case constants, and routing data.

Text and data only (``prompts/data``): nothing here imports code of ours or decides
anything.
"""
