"""Nodes: what each step of a graph does, in rooms by feature.

``plumbing`` (context, state) <- ``pm`` <- ``routing`` <- ``defaults`` (the composition
root) <- ``lane_steps`` and ``supervisor``. Wiring nodes into graphs belongs in ``graphs``.
"""
