"""The lane layer's vocabulary: the ``Lane`` enum, backends, the error taxonomy, redaction, traces.

Every other wing and layer imports these; they import nothing of ours. Behaviour (calls,
settings, state) does not belong here.
"""
