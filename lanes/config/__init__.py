"""Configuration: ``ARGOS_*`` settings, their checks, and their resolution into the lane table.

Endpoint sources, resolved lanes, fallback chains and breaker thresholds are decided here,
once, at start-up. Nothing here opens a connection or holds state that changes.
"""
