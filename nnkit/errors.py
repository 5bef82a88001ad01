"""What a user sees when nnkit cannot do what was asked: one line and an exit code, never a traceback.

Every verb of nnkit/cli.py runs inside `one_line_errors`:

| what went wrong | example | exit |
| --- | --- | --- |
| bad input | an unknown assignment, a file that is not a notebook (our ValueError subclasses) | 2 |
| the environment | a missing or read-only folder, no permission, a full disk (OSError) | 2 |
| interrupted | Ctrl-C | 130 |
| a defect of nnkit itself | anything else | 3, and where to report it |

`NNKIT_DEBUG=1` lets the exception through with Python's plain traceback, for a bug report.
"""

from __future__ import annotations

import errno
import functools
import os
from pathlib import Path
from typing import NoReturn

BAD_INPUT = 2
INTERNAL_ERROR = 3  # as pytest: the tool failed, not the work it was given
INTERRUPTED = 130  # the shell's code for a program stopped by Ctrl-C (128 + SIGINT)
DEBUG_VARIABLE = "NNKIT_DEBUG"

# Exceptions of ours that mean "the input is wrong" subclass ValueError (BadSubmission,
# UnknownAssignment, CourseError, FeedbackError, BadRegion, ...); a ValueError raised by a library
# is not one of them: it is a defect until proven otherwise.
OUR_PACKAGES = ("nnkit", "autograder")


def environment_problem(exc: OSError) -> str:
    """An OSError as a sentence that says which file and what to do about it."""
    if exc.errno is None:  # raised with a message of our own, not by the system
        return first_line(str(exc)) or type(exc).__name__
    where = exc.filename if exc.filename is not None else ""
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    if exc.errno == errno.EROFS:
        return f"cannot write to {where}: it is on a read-only file system (choose a folder you may write to)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to use {where} (choose a folder you may write to, or ask for access)"
    if exc.errno == errno.ENOENT:
        return f"{where}: no such file or folder"
    if exc.errno == errno.ENOSPC:
        return f"cannot write {where}: the disk is full"
    if exc.errno == errno.ENOTDIR:
        return f"{where}: a part of this path is a file, not a folder"
    if exc.errno == errno.EISDIR:
        return f"{where} is a folder, not a file"
    reason = exc.strerror or type(exc).__name__
    return f"{where}: {reason}" if where else reason


def is_bad_input(exc: BaseException) -> bool:
    return isinstance(exc, ValueError) and type(exc).__module__.split(".")[0] in OUR_PACKAGES


def is_database_problem(exc: BaseException) -> bool:
    """SQLite's own errors for a database it cannot write (a read-only folder, a full disk)."""
    if type(exc).__module__ != "sqlite3":
        return False
    message = str(exc).lower()
    return any(words in message for words in ("readonly", "read-only", "unable to open", "disk i/o", "disk is full"))


def first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def explain(exc: BaseException) -> str | None:
    """The one line for an exception we expect from users' input or machines, or None for a defect."""
    if isinstance(exc, OSError):
        return environment_problem(exc)
    if is_database_problem(exc):
        return f"a database cannot be written: {first_line(str(exc))} (is its folder read-only?)"
    if is_bad_input(exc):
        return first_line(str(exc)) or type(exc).__name__
    return None


def report_defect(exc: BaseException) -> str:
    return (f"internal error ({type(exc).__name__}: {first_line(str(exc))[:200]}). This is a bug in nnkit, not in "
            f"your work: please report it with the command you ran; {DEBUG_VARIABLE}=1 shows the traceback.")


def fail(message: str, code: int = BAD_INPUT) -> NoReturn:
    import typer

    typer.echo(f"nnkit: {message}", err=True)
    raise typer.Exit(code)


def one_line_errors(command):
    """Wrap a typer command function: known problems become one line and exit 2, defects exit 3."""

    @functools.wraps(command)
    def guarded(*args, **kwargs):
        import click

        if os.environ.get(DEBUG_VARIABLE):
            return command(*args, **kwargs)
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("interrupted", INTERRUPTED)
        except Exception as exc:  # noqa: BLE001: the last resort, so that no traceback reaches a user
            known = explain(exc)
            if known is not None:
                fail(known)
            fail(report_defect(exc), INTERNAL_ERROR)

    return guarded



def positive(value: float | None) -> float | None:
    """A typer callback for options that must be more than zero (a timeout of 0 s grades nothing)."""
    import typer

    if value is not None and not value > 0:
        raise typer.BadParameter(f"must be more than 0 (got {value:g})")
    return value


def must_be_writable(folder: Path) -> None:
    """Fail before the work, not after it: OSError (one line, by `one_line_errors`) when `folder`
    cannot be made or written to (a read-only course, no permission, a full disk)."""
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:  # name the folder, not the probe's random file name
        raise OSError(exc.errno, exc.strerror, str(folder)) from None
