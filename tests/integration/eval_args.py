"""The command line the evaluation scripts share: which split of their set to score.

``python -m tests.integration.<name>_eval --help`` says what a script reads; a split it
does not know is a one-line usage error (exit 2), not a traceback.
"""

from __future__ import annotations

import argparse

SPLITS = ("fit", "report", "all")


def eval_parser(doc: str | None, splits: tuple[str, ...] = SPLITS) -> argparse.ArgumentParser:
    """A parser whose description is the first paragraph of ``doc``, with the split."""
    parser = argparse.ArgumentParser(description=(doc or "").strip().split("\n\n")[0])
    parser.add_argument(
        "split", nargs="?", default="fit", choices=splits, help="the split to score (default: fit)"
    )
    return parser
