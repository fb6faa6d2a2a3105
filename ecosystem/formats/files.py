"""Reading and writing ecosystem files: YAML, JSON and CSV folders.

Writes are atomic (see :mod:`ecosystem.formats.atomic`; its two functions
are importable from here too): an interrupted run never leaves a truncated
file where a good one was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model.building import build_document, to_document
from ..model.errors import InvalidEcosystemError, SourceError
from ..model.graph import Ecosystem
from .atomic import atomic_write_text, replace_folder
from .csv_folder import read_csv_folder, write_csv_folder
from .documents import dump_json, dump_yaml, read_json, read_yaml

__all__ = ["FORMATS", "format_of", "read_file", "write_file", "atomic_write_text", "replace_folder"]

#: The file formats an ecosystem can be read from and written to.
FORMATS = ("yaml", "json", "csv")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
#: The largest YAML file read (YAML parsing is slow and memory-hungry; big graphs belong in JSON or CSV).
MAX_YAML_BYTES = 256 * 1024 * 1024


def format_of(path: Path | str, explicit: str | None = None) -> str:
    """The format of a path: ``explicit`` if given, else by extension; a folder or no extension is CSV.

    >>> format_of("eco.yml"), format_of("eco.json"), format_of("eco_csv"), format_of("x.txt", "json")
    ('yaml', 'json', 'csv', 'json')
    """
    if explicit:
        if explicit not in FORMATS:
            raise SourceError(f"unknown format {explicit!r}; expected one of {', '.join(FORMATS)}")
        return explicit
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if path.is_dir() or suffix == "":
        return "csv"
    raise SourceError(
        f"cannot tell the format of {str(path)!r} from its extension {suffix!r}; "
        "use .yaml, .yml, .json, or a folder for CSV"
    )


def read_file(path: Path | str, progress: Callable[[int], None] | None = None) -> Ecosystem:
    """Read an ecosystem from a YAML or JSON file or a CSV folder.

    Raises :class:`~ecosystem.model.errors.SourceError` if it cannot be opened and
    :class:`~ecosystem.model.errors.InvalidEcosystemError` (with every problem) if
    its content is not a valid ecosystem.
    """
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise SourceError(f"{source}: no such file or folder")
    if path.is_dir():
        return read_csv_folder(path, progress)
    if path.suffix.lower() == ".csv":
        raise SourceError(
            f"{source} is a single CSV file; a CSV ecosystem is a folder with nodes.csv and relationships.csv: "
            f"pass the folder {str(path.parent)!r}"
        )
    kind = format_of(path)
    if kind == "yaml" and path.stat().st_size > MAX_YAML_BYTES:
        raise SourceError(
            f"{source} is {path.stat().st_size / 2**20:.0f} MiB; YAML files over {MAX_YAML_BYTES // 2**20} MiB are "
            "not read (too slow to parse safely): convert it to JSON or a CSV folder"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror}") from None
    text: str | None = None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    del raw
    if kind == "json":
        # Fast C scanner first; on any problem, read again with lines to say where.
        document, problems = read_json(path, text, locate=False) if text is not None else read_json(path)
        if document is not None and not problems:
            try:
                return build_document(document, source)
            except InvalidEcosystemError:
                pass
        document, problems = read_json(path, text) if text is not None else (document, problems)
    else:
        document, problems = read_yaml(path, text) if text is not None else read_yaml(path)
        if isinstance(document, dict) and "landscape" in document and "focal" not in document:
            raise SourceError(
                f"{source} is a landscape file, not an ecosystem: "
                f"convert it with `ecosystem import-landscape {source} OUT.yaml`"
            )
    return build_document(document, source, problems)


def write_file(eco: Ecosystem, path: Path | str, format: str | None = None) -> Path:
    """Write an ecosystem as YAML, JSON (a file) or CSV (a folder); return the path.

    The format comes from ``format`` or the extension (see :func:`format_of`).
    """
    path = Path(path)
    kind = format_of(path, format)
    if kind == "csv":
        write_csv_folder(eco, path)
    elif kind == "json":
        atomic_write_text(path, dump_json(to_document(eco)))
    else:
        atomic_write_text(path, dump_yaml(to_document(eco)))
    return path
