"""The errors the form engine raises, and the problems a definition can have."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from surveys.imported import LeftOut


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: where it is and what to fix."""

    file: str
    question: str | None
    message: str

    def __str__(self) -> str:
        if self.question is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}: question '{self.question}': {self.message}"


class DefinitionError(Exception):
    """A definition that cannot be loaded, with every problem found in it; for one imported
    from an XLSForm, also what the import left out, which may explain a problem."""

    def __init__(self, problems: list[Problem], left_out: Sequence[LeftOut] = ()) -> None:
        self.problems = list(problems)
        self.left_out = list(left_out)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class AnswerError(ValueError):
    """A raw answer that fails validation; `message` says what to fix."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ProblemLog:
    """Collects problems, each once, for a place in a definition; `at` narrows the place."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    question: str | None = None
    prefix: str = ""

    def add(self, message: str) -> None:
        """Record a problem at this place, unless the same one is already recorded."""
        problem = Problem(self.file, self.question, self.prefix + message)
        if problem not in self.problems:
            self.problems.append(problem)

    def at(
        self, *, file: str | None = None, question: str | None = None, prefix: str = ""
    ) -> ProblemLog:
        """A log sharing these problems, for another file, question or part of one."""
        return replace(
            self,
            file=file if file is not None else self.file,
            question=question if question is not None else self.question,
            prefix=self.prefix + prefix,
        )
