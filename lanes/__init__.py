"""Lanes: what a lane is, how its settings resolve, how its model is built, called and failed over.

The bottom layer: it imports no other layer but ``prompts``. Wings, bottom up: ``core``
(names and errors), ``models`` (model files), ``config`` (settings into the lane table),
``backends`` (building and talking to a model), ``endpoint`` (one server's state) and
``calls`` (the gateway and the call pipeline); beside them ``telemetry`` (metrics and log
lines, on ``core`` alone). No graph, store or node code belongs here.
"""
