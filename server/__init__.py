"""What the LangGraph server serves besides the graphs: lane state over HTTP.

Routes only; they read the process's gateway from ``nodes.defaults``.
"""
