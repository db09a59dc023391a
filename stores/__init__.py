"""Stores: embeddings, vectors, project records and checkpoints."""
