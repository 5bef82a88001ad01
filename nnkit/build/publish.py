"""Write generated files into out/, touching only what changed (so a rebuild with no change
leaves every file, and its modification time, as it was)."""

from __future__ import annotations

import shutil
from pathlib import Path


def write_if_changed(path: Path, content: bytes) -> None:
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def mirror_folder(source: Path, destination: Path) -> None:
    """Make `destination` hold exactly the files of `source` (stale files of an earlier build go)."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    if destination.is_dir():
        for path in sorted(destination.rglob("*"), reverse=True):
            relative = path.relative_to(destination)
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for relative in sorted(wanted):
        write_if_changed(destination / relative, (source / relative).read_bytes())
    if not wanted and destination.is_dir():
        shutil.rmtree(destination)
