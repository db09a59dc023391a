"""Settings read from the environment and an optional ``.env``, all under ``ARGOS_``.

Values arrive as text and are only type-checked here; what they mean (which lane,
which backend, whether a file exists) is decided in :mod:`lanes.config.lane_table`, where an
error can name the variable and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lanes.config.env_file import check_env_file
from lanes.config.policy_rules import active_policies
from lanes.config.team_examples import read_team_examples
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from lanes.core.redact import redact_url, register_secret

_S = TypeVar("_S", bound=BaseSettings)

_COMMON = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

# Physical bounds. The longest context windows served today are a few million tokens;
# a larger number is a typo that would have llama.cpp allocate until the OOM killer
# comes (an in-process model is further bounded by its GGUF and this machine's memory,
# see lanes/backends/model_limits.py).
MAX_CONTEXT = 10 * 1024 * 1024
MIN_CONTEXT = 512
DAY = 86_400.0
PLANNER_MODES = ("auto", "always", "never")
REDIS_SCHEMES = ("redis", "rediss", "unix")
DATABASE_SCHEMES = ("postgresql", "postgres")


class GlobalSettings(BaseSettings):
    """Project-wide settings (``ARGOS_LLM_*``, data and model folders, embeddings)."""

    model_config = SettingsConfigDict(**_COMMON, env_prefix="ARGOS_")

    llm_base_url: str | None = Field(None, description="OpenAI-compatible URL for every lane.")
    llm_model: str | None = Field(None, description="Model name served at ARGOS_LLM_BASE_URL.")
    llm_api_key: SecretStr | None = Field(None, description="API key for ARGOS_LLM_BASE_URL.")
    llm_backend: str | None = Field(None, description="openai (alias vllm) or llama_cpp.")
    llm_model_path: str | None = Field(None, description="GGUF file to run in-process.")
    llm_default_lane: str = Field("orchestrator", description="Lane unconfigured lanes use.")
    data_dir: Path = Field(Path(".cortex"), description="Where Cortex keeps its data.")
    models_dir: Path = Field(
        Path("~/.cache/cortex-lanes/models"),
        description="Where the embedded GGUF is assembled and routing's int8 MiniLM built.",
    )
    breaker_failures: int = Field(3, gt=0, le=10_000, description="Failures that open it.")
    breaker_window: float = Field(60.0, gt=0, le=DAY, description="Seconds failures count.")
    breaker_cooldown: float = Field(30.0, gt=0, le=DAY, description="Seconds before a probe.")
    chroma_url: str | None = Field(None, description="Chroma server URL (shared index).")
    redis_url: str | None = Field(None, description="Redis shared by workers (breakers, slots).")
    database_url: SecretStr | None = Field(
        None, description="PostgreSQL URL: the team's board, records and threads."
    )
    redis_prefix: str = Field("cortex:", max_length=200, description="Put before every key.")
    redis_lease: float = Field(30.0, ge=0.3, le=DAY, description="Slot lease, seconds.")
    redis_timeout: float = Field(0.5, gt=0, le=60, description="Seconds to wait for Redis.")
    ingest_roots: str | None = Field(None, description="Folders ingest may read (os.pathsep).")
    deep_ingest_mb: float = Field(50.0, gt=0, le=1 << 20, description="Files over it go deep.")
    deep_summary_sections: int = Field(
        4, ge=0, le=64, description="Sections of a deep file the super-reader summarises."
    )
    router_examples: str | None = Field(None, description="JSON of a team's own utterances.")
    policies: str | None = Field(None, description="JSON of a team's own policy rules.")
    policies_mode: str = Field("extend", description="Team rules extend or replace ours.")
    router_planner: str = Field("auto", description="When the LLM planner runs.")
    rag_answers: Literal["auto", "generate", "extract"] = Field(
        "auto", description="fast_rag: quote the sources (extract) or let the model write."
    )
    embeddings_url: str | None = Field(None, description="OpenAI-compatible embeddings URL.")
    embeddings_model: str | None = Field(None, description="Embeddings model at that URL.")
    embeddings_api_key: SecretStr | None = Field(None, description="Key for that URL.")
    log_format: Literal["text", "json"] | None = Field(
        None, description="Event log lines (lane calls, fallbacks, breakers): text or json."
    )

    @field_validator("data_dir", "models_dir", mode="before")
    @classmethod
    def _a_folder(cls, value: object) -> object:
        """An empty folder setting is refused: it would mean the current directory."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("is empty: name a folder, or unset it for the default")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        """``JSON`` and `` json `` mean json; an empty value means unset."""
        if isinstance(value, str):
            return value.strip().lower() or None
        return value


class LaneSettings(BaseSettings):
    """One lane's settings; read with the lane's prefix, e.g. ``ARGOS_LANE_CODER_``.

    Every field is optional: what a lane leaves unset it inherits from wherever its
    endpoint comes from (see :func:`lanes.config.lane_table.resolve_lane`).
    """

    model_config = SettingsConfigDict(**_COMMON)

    url: str | None = Field(None, description="OpenAI-compatible base URL (HTTP).")
    model: str | None = Field(None, description="Model name served at the URL.")
    model_path: str | None = Field(None, description="GGUF file; alone it means in-process.")
    backend: str | None = Field(None, description="openai (alias vllm) or llama_cpp.")
    api_key: SecretStr | None = Field(None, description="API key for the URL.")
    context_window: int | None = Field(
        None, ge=MIN_CONTEXT, le=MAX_CONTEXT, description="Context window in tokens."
    )
    timeout: float | None = Field(None, gt=0, le=DAY, description="Request timeout, seconds.")
    max_parallel: int | None = Field(None, gt=0, le=4096, description="Requests in flight.")
    max_queue: int | None = Field(None, ge=0, le=100_000, description="Requests that may wait.")
    queue_timeout: float | None = Field(None, gt=0, le=DAY, description="Seconds one may wait.")
    temperature: float | None = Field(None, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int | None = Field(None, gt=0, le=MAX_CONTEXT, description="Completion limit.")
    supports_tools: bool | None = Field(None, description="Whether the model can call tools.")
    fallback: str | None = Field(None, description="Comma-separated lanes to fail over to.")

    def has_endpoint(self) -> bool:
        """Whether this lane names its own endpoint (a URL or a model file)."""
        return bool(self.url or self.model_path)


@dataclass(frozen=True)
class Settings:
    """Everything Cortex reads from the environment, loaded once and validated."""

    global_: GlobalSettings
    lanes: dict[Lane, LaneSettings]


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    """Read all ``ARGOS_*`` settings.

    Raises:
        ConfigError: when a value has the wrong type (e.g. a word where a number goes),
            or the ``.env`` is not a regular file of at most 1 MB.

    """
    check_env_file(env_file)  # before pydantic-settings opens it: a FIFO would hang
    global_ = _read(GlobalSettings, "ARGOS_", env_file)
    for variable, folder in (
        ("ARGOS_DATA_DIR", global_.data_dir),
        ("ARGOS_MODELS_DIR", global_.models_dir),
    ):
        path = folder.expanduser()
        if path.exists() and not path.is_dir():
            raise ConfigError(
                variable, str(folder), "it is a file: give a folder (created if missing)"
            )
    if global_.router_planner.strip().lower() not in PLANNER_MODES:
        raise ConfigError(
            "ARGOS_ROUTER_PLANNER",
            global_.router_planner,
            "use auto (the planner runs when the orchestrator lane is served over HTTP and "
            "the router is unsure or sees several intents), always or never",
        )
    if global_.redis_url is not None:
        _check_url(
            "ARGOS_REDIS_URL",
            global_.redis_url,
            REDIS_SCHEMES,
            "give a redis:// (or rediss://, unix://) URL such as redis://localhost:6379/0, "
            "or unset it to keep breakers and queues in each process",
        )
    if global_.database_url is not None:
        _check_url(
            "ARGOS_DATABASE_URL",
            global_.database_url.get_secret_value(),
            DATABASE_SCHEMES,
            "give a postgresql:// URL such as postgresql://cortex:PASSWORD@db:5432/cortex, "
            "or unset it to keep the board in SQLite under ARGOS_DATA_DIR",
        )
    if global_.router_examples:
        read_team_examples(Path(global_.router_examples))
    active_policies(global_.policies, global_.policies_mode)  # ARGOS_POLICIES(_MODE)
    lanes = {lane: _read(LaneSettings, lane.env_prefix, env_file) for lane in Lane}
    for settings in (global_, *lanes.values()):
        for value in vars(settings).values():
            if isinstance(value, SecretStr):
                register_secret(value.get_secret_value())
    return Settings(global_=global_, lanes=lanes)


def _check_url(variable: str, url: str, schemes: tuple[str, ...], accepted: str) -> None:
    """``url`` has one of ``schemes`` and something after ``://``, else a ConfigError."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in schemes or not url.strip()[len(scheme) + 3 :]:
        raise ConfigError(variable, redact_url(url), accepted)


def _read(cls: type[_S], prefix: str, env_file: Path | str | None) -> _S:
    try:
        return cls(_env_prefix=prefix, _env_file=env_file)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            str(env_file),
            f"byte {exc.object[exc.start]:#04x} at offset {exc.start}",
            "the file is not UTF-8 text: save it as UTF-8 (or remove it)",
        ) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]).upper() if error["loc"] else "?"
        raise ConfigError(f"{prefix}{field}", error.get("input"), error["msg"].lower()) from None
