"""What every backend provides: an OpenAI-shaped ``create`` that instructor can patch.

instructor's JSON_SCHEMA mode asks for ``response_format={"type": "json_schema", ...}`` (OpenAI,
vLLM, Ollama). llama.cpp (in-process, and llama-cpp-python's server) constrains decoding only for
``{"type": "json_object", "schema": ...}``; :func:`as_json_object` rewrites the request into that
form so each server gets the form it takes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion


StructuredOutput = Literal["auto", "json_schema", "json_object"]


def as_json_object(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The same request with ``json_schema`` response_format turned into ``json_object`` + schema."""
    response_format = kwargs.get("response_format")
    if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
        return kwargs
    schema = response_format.get("json_schema", {}).get("schema")
    converted = dict(kwargs)
    converted["response_format"] = {"type": "json_object", "schema": schema}
    return converted


class Backend(ABC):
    """A chat-completion endpoint newsstruct can extract with."""

    #: a label recorded on every report, e.g. ``embedded:qwen2.5-coder-1.5b-instruct-q4_k_m``
    name: str
    #: the default ``max_tokens`` for one extraction
    default_max_tokens: int = 2048
    #: where answers come from beyond ``name`` (an endpoint's URL): cached reports of one
    #: endpoint are never served for another that names its model the same
    endpoint: str = ""

    @abstractmethod
    def create(self, **kwargs: Any) -> ChatCompletion:
        """One chat completion, OpenAI v1 shaped."""

    @abstractmethod
    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        """The async twin of :meth:`create`."""

    def choose(self, messages: list[dict[str, str]], labels: list[str]) -> list[float] | None:
        """The probability of each label as the first token of the answer to ``messages``, from
        one forward pass; None when the backend cannot read token probabilities (then a question
        is asked through instructor instead)."""
        return None

    def check_fits(self, messages: list[dict[str, str]], max_tokens: int) -> None:
        """Raise :class:`~newsstruct.errors.ContextOverflowError` when the request cannot fit.

        Backends that do not know their context window accept everything here; the server then
        refuses an oversized request with an error instead of truncating it.
        """
        return None

    async def aclose(self) -> None:
        """Release what the backend opened for the running event loop (connections)."""
        return None
