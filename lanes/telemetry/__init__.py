"""What an operator sees of the lanes: Prometheus metrics, one log line per event, percentiles.

The metrics and the log format live here, and the events that feed both (a lane call,
a fallback, a breaker transition, a routing decision, an approval pause). Deciding what
happens (breakers, fallbacks, routing) belongs to the wings that do it; they report here.
"""
