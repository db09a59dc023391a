"""The ``cortex`` command-line interface: one module per subcommand, and its output.

Parsing arguments and printing results; the work itself is done by the layers below.
"""
