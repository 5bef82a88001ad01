"""Reading what a learner handed in, as the grader does it: often as root.

A submission folder is the learner's to fill: `layer.ipynb` or `timestamp.txt` may be a symbolic
link to another student's notebook, to the hidden `source/` or to /etc/shadow; a FIFO that
blocks its reader forever; gigabytes; or the student's whole folder may be a link. So every
file is opened relative to a folder the instructor named (`within`, whose own path may hold
links), with O_NOFOLLOW on every component below it, without blocking; it must be a regular
file, and at most `max_bytes` of it are read. The file descriptor that is checked is the one that
is read, so nothing can be swapped in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # a FIFO opens at once, then is refused
MAX_SHOWN_NAMES = 5


class RefusedFile(ValueError):
    """The file cannot be read as a submission (one line, naming it: `name` is the file or folder refused)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


class MissingFile(RefusedFile):
    pass


def sized(count: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"


def kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"), (stat.S_ISLNK, "symbolic link")):
        if test(mode):
            return name
    return "special file"


def open_below(within: Path, relative: Path, directory: bool) -> int:
    """A file descriptor for `within / relative`, following no symbolic link below `within`."""
    parts = relative.parts
    if not parts or any(part in ("..", "/") for part in parts):
        raise ValueError(f"{relative} is not a path below {within}")
    fd = os.open(within, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            flags = OPEN_FLAGS | (os.O_DIRECTORY if directory or not last else 0)
            try:
                child = os.open(part, flags, dir_fd=fd)
            except OSError as error:
                if error.errno == errno.ENOTDIR and is_link(part, fd):  # O_DIRECTORY's answer to a link
                    error = OSError(errno.ELOOP, os.strerror(errno.ELOOP))
                raise refusal(part, error) from None
            os.close(fd)
            fd = child
        return fd
    except BaseException:
        os.close(fd)
        raise


def is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def shown(name: str) -> str:
    """A file name for a message: names are bytes, decoded with surrogate escapes, capped by the
    file system at 255 bytes; what is shown must be storable UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def refusal(name: str, error: OSError) -> RefusedFile:
    name = shown(name)
    if error.errno == errno.ENOENT:
        return MissingFile(name, f"{name} is missing")
    if error.errno == errno.ELOOP:
        return RefusedFile(name, f"{name} is a symbolic link, which the grader does not follow: submit the file itself")
    if error.errno == errno.ENOTDIR:
        return RefusedFile(name, f"{name} is not a folder")
    return RefusedFile(name, f"{name} cannot be read ({error.strerror})")


def read_file(path: Path, *, within: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file `path` below the folder `within`; RefusedFile saying why not."""
    path, within = Path(path), Path(within)
    fd = open_below(within, path.relative_to(within), directory=False)
    name = shown(path.name)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise RefusedFile(name, f"{name} is a {kind_of(status.st_mode)}, not a file")
        if status.st_size > max_bytes:
            raise RefusedFile(name, f"{name} is {sized(status.st_size)}, more than the {sized(max_bytes)} the grader reads")
        chunks, remaining = [], max_bytes + 1
        while remaining > 0 and (chunk := os.read(fd, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:  # it grew since fstat
            raise RefusedFile(name, f"{name} is more than the {sized(max_bytes)} the grader reads")
        return data
    except OSError as error:
        raise refusal(path.name, error) from None
    finally:
        os.close(fd)


def files_beside(path: Path, *, within: Path, suffix: str) -> list[str]:
    """Names of the regular files ending in `suffix` in the folder of `path` (not following links),
    for "found layer-Copy1.ipynb" messages; [] if that folder cannot be read."""
    path, within = Path(path), Path(within)
    try:
        relative = path.parent.relative_to(within)
        fd = open_below(within, relative, directory=True) if relative.parts else \
            os.open(within, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (RefusedFile, OSError, ValueError):
        return []
    try:
        names = []
        with os.scandir(fd) as entries:
            for count, entry in enumerate(entries):
                if count > 10_000:  # a folder of a million files is not worth listing
                    break
                if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                    names.append(shown(entry.name))
        return sorted(names)[:MAX_SHOWN_NAMES]
    except OSError:
        return []
    finally:
        os.close(fd)
