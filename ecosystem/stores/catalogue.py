"""The named-query catalogue: the ``queries/*.cypher`` files and their headers.

Each query is a ``.cypher`` file whose header comments give its name, a
one-line description and its parameters::

    // name: capability-providers
    // description: Who provides a capability, most proficient first.
    // param: capability string -- the capability's id
    // param: depth integer = 1 in 0..10 -- partnership hops

A parameter has a type (``string``, ``integer``, ``float``, ``boolean``), an
optional default and an optional range; one without a default is required.
Every query also receives ``$ecosystem``, the name of the ecosystem it runs on.
Values always reach Neo4j as parameters, never as query text.

The catalogue is store data (it ships inside :mod:`ecosystem.stores`); the
runner that gives every query an embedded counterpart is
:mod:`ecosystem.analyses.named_queries`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..model.errors import EcosystemError, SourceError

__all__ = ["QueryParameter", "NamedQuery", "QueryError", "catalogue", "query_folder"]

_HEADER = re.compile(r"^//\s*(name|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>string|integer|float|boolean)"
    r"(?:\s*=\s*(?P<default>\S+))?"
    r"(?:\s+in\s+(?P<min>-?\d+(?:\.\d+)?)\.\.(?P<max>-?\d+(?:\.\d+)?))?"
    r"\s*--\s*(?P<description>.+)$"
)


class QueryError(EcosystemError):
    """A named query that does not exist, or parameters that do not fit it."""


@dataclass(frozen=True)
class QueryParameter:
    """One typed parameter of a named query."""

    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, text: str) -> Any:
        """The value of a ``--param name=TEXT`` given on the command line."""
        try:
            if self.type == "integer":
                value: Any = int(text)
            elif self.type == "float":
                value = float(text)
            elif self.type == "boolean":
                lowered = text.strip().lower()
                if lowered not in ("true", "false"):
                    raise ValueError(text)
                value = lowered == "true"
            else:
                value = text
        except ValueError:
            raise QueryError(f"parameter {self.name} must be {_an(self.type)}, got {text!r}") from None
        return self.check(value)

    def check(self, value: Any) -> Any:
        """Validate a value's type and range; return it (ints accepted for floats)."""
        ok = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
        }[self.type]
        if not ok:
            raise QueryError(f"parameter {self.name} must be {_an(self.type)}, got {value!r}")
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            raise QueryError(
                f"parameter {self.name} must be from {_fmt(self.minimum)} to {_fmt(self.maximum)}, got {value!r}"
            )
        return float(value) if self.type == "float" else value


def _an(kind: str) -> str:
    return "an integer" if kind == "integer" else f"a {kind}"


def _fmt(x: float | None) -> str:
    return "" if x is None else str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class NamedQuery:
    """A named Cypher query from the catalogue."""

    name: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str
    path: str

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``values`` against the parameters; fill defaults; refuse unknown names."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)} (parameters: {expected})")
        bound: dict[str, Any] = {}
        for param in self.parameters:
            if param.name in values:
                bound[param.name] = param.check(values[param.name])
            elif param.required:
                raise QueryError(f"query {self.name} needs --param {param.name}=... ({param.description})")
            else:
                bound[param.name] = param.default
        return bound

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        """Parse a ``.cypher`` file with its header."""
        name = description = None
        parameters: list[QueryParameter] = []
        body: list[str] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = _HEADER.match(line)
            if match and not body:
                key, value = match.groups()
                if key == "name":
                    name = value
                elif key == "description":
                    description = value
                else:
                    p = _PARAM.match(value)
                    if not p:
                        raise QueryError(
                            f"{path}:{number}: a parameter line must read "
                            "'// param: NAME TYPE [= DEFAULT] [in MIN..MAX] -- DESCRIPTION'"
                        )
                    parameters.append(_parameter(p.groupdict()))
            elif line.strip() or body:
                body.append(line)
        if not name or not description:
            raise QueryError(f"{path}: the header needs '// name:' and '// description:' lines")
        if name != path.stem:
            raise QueryError(f"{path}: the query's name {name!r} must match its file name")
        return cls(name, description, tuple(parameters), "\n".join(body).strip() + "\n", str(path))


def _parameter(fields: dict[str, Any]) -> QueryParameter:
    kind = fields["type"]
    bounds = [None if fields[k] is None else float(fields[k]) for k in ("min", "max")]
    spec = QueryParameter(fields["name"], kind, fields["description"], None, True, bounds[0], bounds[1])
    if fields["default"] is not None:
        default = None if fields["default"] == "null" else spec.parse(fields["default"])
        spec = QueryParameter(spec.name, kind, spec.description, default, False, spec.minimum, spec.maximum)
    return spec


def query_folder() -> Path:
    """Where the catalogue lives: ``$ECOSYSTEM_QUERIES`` or the catalogue shipped inside the package
    (``ecosystem/stores/queries``; ``queries/`` at the repository root links to it)."""
    configured = os.environ.get("ECOSYSTEM_QUERIES")
    if configured:
        return Path(configured)
    return Path(str(resources.files("ecosystem.stores") / "queries"))


def catalogue(folder: Path | str | None = None) -> dict[str, NamedQuery]:
    """The named queries, by name, in name order.

    >>> sorted(catalogue())[:3]
    ['capability-gaps', 'capability-providers', 'customer-jobs']
    """
    folder = Path(folder) if folder is not None else query_folder()
    if not folder.is_dir():
        raise SourceError(f"no query catalogue at {folder} (set ECOSYSTEM_QUERIES to the queries/ folder)")
    queries = [NamedQuery.from_file(path) for path in sorted(folder.glob("*.cypher"))]
    return {q.name: q for q in queries}
