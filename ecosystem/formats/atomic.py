"""Atomic writes: a file or a folder's files replaced whole, or not at all.

The new content goes to a temporary file beside the target and is renamed
over it only when complete, so an interrupted run never leaves a truncated
file where a good one was.  Every writer of the package (the file formats,
the pages) writes through here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..model.errors import SourceError

__all__ = ["atomic_write_text", "replace_folder"]


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write text to ``path`` via a temporary file and a rename (UTF-8, ``\\n`` newlines).

    A file that is replaced keeps its permission bits; a new one gets the umask's.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write_text(target, "hello\\n")
    >>> target.read_text()
    'hello\\n'
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise SourceError(f"cannot write {str(path)!r}: folder {str(directory)!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.chmod(tmp, _mode_for(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits a replaced file keeps, or the umask's default for a new one."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def replace_folder(folder: Path | str, files: dict[str, str]) -> None:
    """Write files into ``folder``: each is written completely to a temporary
    folder first, then the files are moved in; other files in ``folder`` stay.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "eco_csv"
    >>> replace_folder(folder, {"a.csv": "x\\n", "b.csv": "y\\n"})
    >>> sorted(p.name for p in folder.iterdir())
    ['a.csv', 'b.csv']
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SourceError(f"cannot write a CSV folder at {str(folder)!r}: it is a file")
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise SourceError(f"cannot write {str(folder)!r}: folder {str(parent)!r} does not exist")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
            os.chmod(staging / name, _mode_for(folder / name))
        folder.mkdir(exist_ok=True)
        for name in files:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
