"""Nodes: what each step of a graph does."""
