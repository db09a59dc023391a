"""Code review evidence: the code in a request, and what static analyzers find in it.

Analyzers read code, never run it. What belongs here: finding code blocks, running the
analyzers bounded in time and size, and findings with their severity. How a review
reads to people is the coder lane's (``nodes/lane_steps/coder.py``).
"""
