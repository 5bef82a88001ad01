"""How the bank's text is written, and how it is shown: in a terminal, or as HTML in an Anki card.

Bank text is plain text with two marks: `code` between backticks and $math$ between dollar
signs, the math in a small subset of LaTeX (Greek letters, \\frac, \\sqrt, powers, indices,
relations). A terminal shows the math as Unicode (σ'(z) = σ(z)(1 - σ(z)), √(2/n)); Anki renders
it with its MathJax, so the export wraps it in \\( ... \\).

The two libraries that do LaTeX-to-Unicode (pylatexenc, flatlatex) both turn a prime into an
accent (σ(́z)), one drops \\frac's parentheses and norms: the subset here is small and every
formula in the bank is tested to leave no backslash or brace behind.
"""

from __future__ import annotations

import html
import re

MATH = re.compile(r"\$([^$]+)\$")
CODE = re.compile(r"`([^`]+)`")

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "pi": "π",
    "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π", "infty": "∞", "cdot": "·", "times": "×",
    "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "to": "→",
    "rightarrow": "→", "pm": "±", "sim": "~", "ldots": "…", "dots": "…", "|": "‖", "lVert": "‖", "rVert": "‖",
    "odot": "⊙", "in": "∈", "log": "log", "exp": "exp", "max": "max", "min": "min", "tanh": "tanh",
    "cosh": "cosh", "sinh": "sinh", "ln": "ln", "mathbb{E}": "E", "top": "ᵀ", "%": "%", ",": " ", ";": " ", "quad": "  ", "left": "", "right": "",
}
SUPERSCRIPT = str.maketrans("0123456789+-=()nTi", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀⁱ")
SIMPLE = re.compile(r"[\w.'‖|]+")  # a token that needs no parentheses around it


def _group(text: str, start: int) -> tuple[str, int]:
    """The {...} group (or single character) at `start`, and the index after it."""
    if start < len(text) and text[start] == "{":
        depth = 0
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                return text[start + 1:index], index + 1
        raise ValueError(f"unbalanced braces in ${text}$")
    return text[start:start + 1], start + 1


def _wrapped(text: str) -> str:
    return text if SIMPLE.fullmatch(text) else f"({text})"


def math_to_text(latex: str) -> str:
    """One formula of the subset as plain Unicode text."""
    out: list[str] = []
    index = 0
    while index < len(latex):
        char = latex[index]
        if char == "\\":
            match = re.match(r"\\(mathbb\{E\}|[A-Za-z]+|[|,;%])", latex[index:])
            if not match:
                raise ValueError(f"cannot show {latex[index:index + 8]!r} in ${latex}$")
            name = match.group(1)
            index += len(match.group(0))
            if name == "frac":
                top, index = _group(latex, index)
                bottom, index = _group(latex, index)
                out.append(f"{_wrapped(math_to_text(top))}/{_wrapped(math_to_text(bottom))}")
            elif name == "sqrt":
                inner, index = _group(latex, index)
                out.append(f"√{_wrapped(math_to_text(inner))}")
            elif name in ("text", "mathrm", "operatorname"):
                inner, index = _group(latex, index)
                out.append(inner)
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            else:
                raise ValueError(f"unknown command \\{name} in ${latex}$")
        elif char in "^_":
            inner, index = _group(latex, index + 1)
            shown = math_to_text(inner)
            if char == "^" and all(c in "0123456789+-=()nTi" for c in shown):
                out.append(shown.translate(SUPERSCRIPT))
            else:
                out.append(char + _wrapped(shown) if char == "^" else "_" + shown)
        elif char in "{}":
            index += 1  # a bare group only groups
        else:
            out.append(char)
            index += 1
    return "".join(out)


def plain(text: str) -> str:
    """Bank text for a terminal: math as Unicode, code marks kept (they read well as they are)."""
    return MATH.sub(lambda match: math_to_text(match.group(1)), text)


def to_html(text: str) -> str:
    """Bank text for an Anki field: escaped HTML, <code> for code, MathJax \\( \\) for math."""
    parts: list[str] = []
    position = 0
    for match in re.finditer(r"\$([^$]+)\$|`([^`]+)`", text):
        parts.append(html.escape(text[position:match.start()], quote=False).replace("\n", "<br>"))
        if match.group(1) is not None:
            parts.append(r"\(" + html.escape(match.group(1), quote=False) + r"\)")
        else:
            parts.append("<code>" + html.escape(match.group(2), quote=False) + "</code>")
        position = match.end()
    parts.append(html.escape(text[position:], quote=False).replace("\n", "<br>"))
    return "".join(parts)
