"""Prompts: every text sent to a model, as upper-case constants."""
