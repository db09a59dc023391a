"""Meeting notes to action items: the note's shape, what is work, whose it is, scoring.

``layout`` (with ``tables``, ``speakers``, ``mail``, ``sentences``) finds the shape;
``reading`` (with ``cues``, ``chatter``, ``owners`` and ``owner_phrases``, ``conversation``,
``titles``) decides each clause; ``reader`` adds a served model's judgement. What becomes a
ticket is decided in ``nodes.pm.actions``.
"""
