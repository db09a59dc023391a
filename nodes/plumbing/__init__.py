"""Graph plumbing every room uses: context, state, reducers, lane results, scores, reviews.

Shapes and small helpers only; it imports no other room of ``nodes``. Deciding a plan or
doing a lane's work does not belong here.
"""
