"""Multiple-choice questions as a learner sees them: `ask(...)` in a provided notebook cell.

Each learner sees the options in an order of their own (stable for that learner: the same on
every run), so neither a position ("it is always the last one") nor a shared list of positions
gives an answer away. Each option keeps its letter wherever it is shown, so an answer means the
same on every run, in nbgrader's kernel, in `nnkit check` and on any machine, whoever grades it.

The answer keys are not here: they sit in the hidden test cells of the source notebooks, on the
instructor's side (see autograder/answer_keys.py). Standard library only: this runs in the
learner's kernel.
"""

from __future__ import annotations

import getpass
import os
import random


def learner_identity() -> str:
    """Who the options are ordered for: NNKIT_STUDENT, else the JupyterHub user, else the login."""
    for variable in ("NNKIT_STUDENT", "JUPYTERHUB_USER"):
        if os.environ.get(variable):
            return os.environ[variable]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


def order_for(identity: str, question: str, letters) -> list[str]:
    """The letters in the order this learner sees them (string-seeded: the same in every process)."""
    ordered = sorted(letters)
    random.Random(f"{identity}/{question}").shuffle(ordered)
    return ordered


def render(question: str, prompt: str, options: dict[str, str], identity: str) -> str:
    lines = [prompt, ""]
    lines += [f"  {letter}) {options[letter]}" for letter in order_for(identity, question, options)]
    lines += ["", f'Answer with the letter of your choice, e.g. {question} = "{min(options)}".']
    return "\n".join(lines)


def ask(question: str, prompt: str, options: dict[str, str]) -> None:
    """Show a question with its options in this learner's order; `question` is the answer's name."""
    print(render(question, prompt, options, learner_identity()))
