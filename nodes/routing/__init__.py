"""Routing: which lanes a request needs, in what order (signals, router, fusion, planner).

No lane's work is done here. The offline tools that fit and evaluate the router are in
``nodes.routing.offline``.
"""
