"""Graphs: wiring only (nodes, edges, compile)."""
