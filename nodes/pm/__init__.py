"""Project management: reading a request's intent, carrying it out on the board, reports, roadmaps.

Reading meeting notes into action items is ``nodes.pm.notes``. Routing does not belong
here, nor does the board's storage (``stores``).
"""
