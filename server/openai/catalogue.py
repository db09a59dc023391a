"""The models the API offers: ``cortex`` (the supervisor) and ``cortex/<lane>``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lanes.core.lane import Lane
from server.openai.errors import OpenAIError

SUPERVISOR = "cortex"
CREATED = 1_767_225_600  # 2026-01-01: model ids are stable, so is their date


@dataclass(frozen=True)
class ChatModel:
    """One model id: the supervisor, or one lane alone."""

    id: str
    lane: Lane | None  # None: the supervisor routes

    def builder(self) -> Any:
        """The graph builder this model runs (compiled per turn with the team's stores)."""
        if self.lane is None:
            from graphs.supervisor import builder  # noqa: PLC0415 - the graphs load models

            return builder
        from importlib import import_module  # noqa: PLC0415

        return import_module(f"graphs.{self.lane.value}").builder

    def card(self) -> dict[str, Any]:
        """The model as ``GET /v1/models`` lists it."""
        return {"id": self.id, "object": "model", "created": CREATED, "owned_by": "cortex"}


MODELS: dict[str, ChatModel] = {
    SUPERVISOR: ChatModel(SUPERVISOR, None),
    **{f"cortex/{lane.value}": ChatModel(f"cortex/{lane.value}", lane) for lane in Lane},
}


def model_named(name: object) -> ChatModel:
    """The model called ``name``, or 404 listing the ones there are."""
    if isinstance(name, str) and name in MODELS:
        return MODELS[name]
    raise OpenAIError(
        404,
        f"The model {name!r} does not exist: use one of {', '.join(MODELS)}",
        param="model",
        code="model_not_found",
    )
