"""Scripted stand-ins for the parts a unit test should not run for real."""

from __future__ import annotations

import asyncio
import json
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableLambda
from pydantic import BaseModel

from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.needs import NEED_FEATURES, NeedWeights
from stores.vectors import Hit


class ScriptedChatModel(BaseChatModel):
    """Answers from a script, one item per call, and records what it was sent."""

    lane: str
    script: list[Any]
    calls: list[list[BaseMessage]] = []
    spans: list[tuple[float, float]] = []
    delay: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _next(self, messages: list[BaseMessage]) -> Any:
        """The next scripted reply; a callable item answers from the messages."""
        if not self.script:
            raise AssertionError(f"the {self.lane} lane was called more often than scripted")
        item = self.script.pop(0)
        if callable(item):
            item = item(messages)
        if isinstance(item, BaseException):
            raise item
        return item

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.calls.append(list(messages))
        message = AIMessage(
            str(self._next(messages)),
            usage_metadata={"input_tokens": 11, "output_tokens": 7, "total_tokens": 18},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        started = time.perf_counter()
        await asyncio.sleep(self.delay)
        result = self._generate(messages)
        self.spans.append((started, time.perf_counter()))
        return result

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kw: Any) -> Any:
        async def structured(messages: list[BaseMessage]) -> Any:
            raw = (await self._agenerate(list(messages))).generations[0].message
            data = json.loads(str(raw.content))
            parsed = (
                schema.model_validate(data)
                if isinstance(schema, type) and issubclass(schema, BaseModel)
                else data
            )
            return {"raw": raw, "parsed": parsed, "parsing_error": None} if include_raw else parsed

        return RunnableLambda(structured)


@dataclass
class ScriptedLanes:
    """One scripted model per lane, installed where the lanes factory is called."""

    scripts: dict[Lane, list[Any]] = field(default_factory=dict)
    delay: float = 0.0
    models: dict[Lane, ScriptedChatModel] = field(default_factory=dict)
    gateway: Any = None  # the gateway these models are installed in

    def __post_init__(self) -> None:
        for lane in Lane:
            self.models[lane] = ScriptedChatModel(
                lane=lane.value,
                script=list(self.scripts.get(lane, [])),
                calls=[],
                spans=[],
                delay=self.delay,
            )

    def build(self, resolved: Any, **_options: Any) -> ScriptedChatModel:
        return self.models[resolved.lane]


class StubRouter:
    """Routes by keyword: a text containing a rule's word goes to its lane, confidently.

    Its need model adds every lane that some piece of the request names by keyword, so
    "review the code, then write a roadmap" needs the coder and the orchestrator.
    """

    def __init__(self, rules: dict[str, Lane]) -> None:
        self.rules = rules
        self.needs = _keyword_needs()

    def score_many(self, texts: list[str]) -> list[LaneScores]:
        return [self._score(text) for text in texts]

    def _score(self, text: str) -> LaneScores:
        hits = [lane for word, lane in self.rules.items() if word in text.lower()]
        if len(set(hits)) == 1:
            best, confidence = hits[0], 0.99
        else:  # nothing or several matched: not sure
            best, confidence = (hits or [Lane.ORCHESTRATOR])[0], 0.3
        # Probabilities, as a real router's are: the best lane's share, the rest split
        # between the other lanes that matched, then the lanes that did not.
        others = [lane for lane in hits if lane != best]
        rest = [lane for lane in Lane if lane != best and lane not in hits]
        left = 1.0 - confidence
        scores = {best: confidence}
        scores.update({lane: 0.8 * left / len(others) for lane in others})
        scores.update({lane: (0.2 if others else 1.0) * left / len(rest) for lane in rest})
        return LaneScores(scores=scores, best=best, confidence=confidence)


def _keyword_needs() -> NeedWeights:
    """A lane is needed when a piece scores it 0.99, i.e. names it by keyword."""
    matrix = np.zeros((len(Lane), len(NEED_FEATURES)))
    for i, lane in enumerate(Lane):
        matrix[i, NEED_FEATURES.index(f"piece_max:{lane.value}")] = 40.0
    return NeedWeights(matrix, np.full(len(Lane), -36.0), np.full(len(Lane), 0.5))


class FakeStore:
    """A project store that returns fixed hits."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits

    def count(self) -> int:
        return len(self.hits)

    async def asearch(self, query: str, k: int = 4) -> list[Hit]:
        return self.hits[:k]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """A bag of hashed words: texts sharing words are similar, as with a real model."""
        vectors = []
        for text in texts:
            vector = [0.0] * 64
            for word in text.lower().split():
                vector[zlib.crc32(word.encode()) % 64] += 1.0
            vectors.append(vector)
        return vectors
