"""The extraction engine: deterministic finders propose candidates with their offsets, the model
answers short multiple-choice questions about them (:mod:`newsstruct.engine.questions`)."""

from newsstruct.engine.build import Policy, extract
from newsstruct.engine.questions import AnswerStore

__all__ = ["AnswerStore", "Policy", "extract"]
