"""Graphs: wiring only (nodes, edges, retry policies, compile), one module per graph.

What a node does belongs in ``nodes``; no prompt, model or store is touched here.
"""
