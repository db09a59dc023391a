"""The ``cortex`` command-line interface."""
