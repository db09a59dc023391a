"""The supervisor's own control steps: route a request, dispatch its steps, synthesize the answer.

The lanes' work (the orchestrator lane included) is in ``nodes.lane_steps``; how the plan
is decided is in ``nodes.routing``.
"""
