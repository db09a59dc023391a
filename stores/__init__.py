"""Stores: embeddings, vectors and ingest, the project board, records and checkpoints.

Everything kept on disk or in LangGraph's store, and how it is written safely. What a
step does with it belongs in ``nodes``; how a model is called belongs in ``lanes``.
"""
