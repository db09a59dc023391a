"""Offline tools for the router: fit its fusion weights and evaluate it on labelled requests.

Run by hand or by ``cortex route --eval``, never inside a graph run.
"""
