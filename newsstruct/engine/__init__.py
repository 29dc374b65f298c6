"""The extraction engine: deterministic finders propose candidates with their offsets
(:mod:`~newsstruct.engine.frames`, :mod:`~newsstruct.engine.events`,
:mod:`~newsstruct.engine.figures`), a plan asks the model short multiple-choice questions about
them (:mod:`~newsstruct.engine.build`, :mod:`~newsstruct.engine.questions`) and an asker puts each
question to a backend (:mod:`~newsstruct.engine.asker`)."""

from newsstruct.engine.asker import AnswerStore, Asker
from newsstruct.engine.build import Policy, plan
from newsstruct.engine.run import aextract, extract

__all__ = ["AnswerStore", "Asker", "Policy", "aextract", "extract", "plan"]
