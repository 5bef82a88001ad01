"""Assemble a Python file from chunks of code, and refuse to write one that does not parse."""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize

from nnkit.build.cells import Cell, Role


def title(cells: list[Cell]) -> str:
    """The notebook's first markdown heading, e.g. "Activation functions"."""
    for cell in cells:
        if cell.role is Role.TEXT:
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def as_comment(markdown: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in markdown.splitlines())


def has_multiline_string(code: str) -> bool:
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return any(token.type == tokenize.STRING and "\n" in token.string for token in tokens)


def under_main(code: str) -> str:
    """Code that runs only when the file is run as a script, never when it is imported (or graded)."""
    if has_multiline_string(code):  # indenting it would change the string's text, silently
        raise ValueError(f"a check cell with a multi-line string cannot be indented under __main__:\n{code}")
    return 'if __name__ == "__main__":\n' + textwrap.indent(code, "    ", lambda line: True)


def assemble(docstring: str, chunks: list[str], origin: str) -> str:
    text = f'"""{docstring}"""\n\n' + "\n\n\n".join(chunk.strip("\n") for chunk in chunks if chunk.strip()) + "\n"
    try:
        ast.parse(text)
    except SyntaxError as exc:
        raise ValueError(f"the Python file built from {origin} does not parse: {exc}") from None
    return text
