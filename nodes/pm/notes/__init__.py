"""Meeting notes to action items: the rules' reading, the model's, due dates, scoring.

What becomes a ticket is decided in ``nodes.pm.actions``.
"""
