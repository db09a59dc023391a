"""What each lane does with a step: orchestrator, coder, super_reader, fast_rag, governance.

One module per lane (and the fast_rag answer check). Deciding which lane gets a step is
``nodes.routing``; the board's actions are ``nodes.pm``.
"""
