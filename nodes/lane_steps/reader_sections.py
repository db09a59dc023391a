"""How the super-reader sizes its input: the room a call has, and sections that fit it.

The room is the lane's context window less its answer and the instructions; the input
is measured on a sample (tokens per character vary far between prose, code and logs)
and cut into numbered sections with their line ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.messages import HumanMessage
from langchain_text_splitters import RecursiveCharacterTextSplitter

from lanes.calls.gateway import LaneGateway
from lanes.calls.precheck import CHARS_PER_TOKEN, prompt_tokens
from lanes.config.lane_table import LaneTable
from lanes.core.lane import Lane

# Tokens kept free for the instructions around the material.
PROMPT_OVERHEAD = 200
# Characters sampled to measure how densely this input tokenizes.
SAMPLE_CHARS = 4000
# Share of the room a section may fill: the sample's ratio is an estimate.
ESTIMATE_MARGIN = 0.85


@dataclass(frozen=True)
class Section:
    """A numbered slice of the input with its line range."""

    number: int
    first_line: int
    last_line: int
    text: str


def chars_per_token(text: str, gateway: LaneGateway | None = None) -> float:
    """How many characters of ``text`` make a token, measured on a sample.

    Uses the lane's own tokenizer in-process (through ``gateway``'s loaded model) and
    the documented estimate otherwise (:mod:`lanes.calls.precheck`); numbers and logs
    tokenize far denser than prose.
    """
    sample = text[:SAMPLE_CHARS]
    if not sample or gateway is None:
        return float(CHARS_PER_TOKEN)
    resolved = gateway.table[Lane.SUPER_READER]
    tokens = prompt_tokens(resolved, [HumanMessage(sample)], gateway.models)
    return max(1.0, len(sample) / max(1, tokens))


def estimate_tokens(text: str, ratio: float | None = None) -> int:
    """Estimated tokens in ``text`` at ``ratio`` characters per token."""
    return int(len(text) / (ratio or chars_per_token(text))) + 1


def material_budget(table: LaneTable) -> int:
    """Tokens of material one super-reader call can take, with a margin for estimates.

    Sections are cut by a characters-per-token ratio measured on a sample; a section
    denser than the sample would otherwise overflow the window by a few tokens.
    """
    lane = table[Lane.SUPER_READER]
    room = lane.context_window - lane.max_tokens - PROMPT_OVERHEAD
    return max(256, int(room * ESTIMATE_MARGIN))


def split_sections(text: str, budget_tokens: int, ratio: float) -> list[Section]:
    """Cut ``text`` into sections that each fit ``budget_tokens``, with line ranges."""
    chars = int(budget_tokens * ratio)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max(100, chars), chunk_overlap=0, add_start_index=True
    )
    sections = []
    for n, doc in enumerate(splitter.create_documents([text]), start=1):
        start = int(doc.metadata["start_index"])
        first = text.count("\n", 0, start) + 1
        sections.append(Section(n, first, first + doc.page_content.count("\n"), doc.page_content))
    return sections
