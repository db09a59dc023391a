"""The call pipeline: the gateway, choosing a lane, guarding and classifying a call, failover.

The top of the lane layer: ``call_lane`` is what nodes use. Settings and backends live
below; the process's default gateway is built in ``nodes.defaults``.
"""
