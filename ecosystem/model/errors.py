"""The library's exceptions, in one place.

Every error a user can cause (a bad file, a source that cannot be read, an
unsupported store) is an :class:`EcosystemError`.  The CLI turns these into
``Error: ...`` messages with a non-zero exit status; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be.

    Attributes
    ----------
    message : str
        What is wrong: the offending value and what was expected.
    source : str or None
        The file (or folder/file for CSV) the problem is in.
    line : int or None
        1-based line of a YAML/JSON file or row of a CSV file (the header is
        row 1), when it can be known.
    """

    message: str
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class EcosystemError(Exception):
    """Base class of every error a user of the library can cause."""


class SourceError(EcosystemError):
    """A source (file, folder or URI) cannot be opened or read at all."""


class UnsupportedSourceError(SourceError):
    """A source of a kind this version cannot read (e.g. a Neo4j URI)."""


class InvalidEcosystemError(EcosystemError):
    """An input holds one or more problems; all of them are in :attr:`problems`.

    Nothing was loaded or written: the input must be fixed and read again.
    """

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''}"
        if source:
            head += f" in {source}"
        lines = [head + ":"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ModelError(EcosystemError):
    """A programmatic change to an :class:`~ecosystem.Ecosystem` breaks the model."""


# The public exceptions are shown as ``ecosystem.X`` (how users import and catch them),
# whichever module defines them.
for _error in (Problem, EcosystemError, SourceError, UnsupportedSourceError, InvalidEcosystemError, ModelError):
    _error.__module__ = "ecosystem"
