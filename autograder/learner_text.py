"""Text that came from learner code, made safe to store and to show.

Learner code controls its printed output, its exception messages, its answers, the names of its
files: any of it can be megabytes long, hold lone surrogates that no UTF-8 file can store, or
carry terminal escape sequences (clear the screen, rewrite a line, set the window title, fake
a "passed"). Everything shown or stored passes through here:

- `capped(text, limit)`: valid Unicode, at most `limit` characters (results, diagnoses);
- `shown_repr(value)`: a learner value as it appears inside a message, bounded in size and work;
- `terminal_safe(text)`: what a terminal or notebook prints, with control characters made visible.
"""

from __future__ import annotations

import re
import reprlib
from typing import Any

CUT = " ... ({} characters cut)"

# C0 and C1 controls but newline and tab (ESC starts every ANSI sequence; CR and backspace
# overwrite what was printed), and the Unicode controls that reorder or hide text on screen
# (bidirectional overrides and isolates, as in "Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (JSON's "\\ud800" decodes to one) replaced, so it can be written as UTF-8."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def capped(text: Any, limit: int) -> str:
    """At most `limit` characters of valid Unicode; a cut says how much it left out."""
    text = text if isinstance(text, str) else str(text)
    if len(text) > limit:
        kept = max(0, limit - len(CUT.format(len(text))))  # the longest the note can be
        text = text[:kept] + CUT.format(len(text) - kept)
    return valid_unicode(text)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict = 3, 8, 8, 8
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 80, 80, 40


def shown_repr(value: Any, limit: int = 200) -> str:
    """repr() of a learner value for a message: a list of 1,500 long strings shows its first few,
    shortened, instead of becoming a 15 MB diagnosis (reprlib never builds the whole repr)."""
    return capped(_REPR.repr(value), limit)


def _visible(match: re.Match) -> str:
    character = match.group()
    return f"\\x{ord(character):02x}" if ord(character) < 0x100 else f"\\u{ord(character):04x}"


def terminal_safe(text: Any) -> str:
    """Text to print on a terminal or in a notebook: escapes and other controls shown as `\\x1b`,
    never acted on. Line breaks and tabs stay; a Windows line end becomes a plain one."""
    text = text if isinstance(text, str) else str(text)
    return valid_unicode(_UNSAFE.sub(_visible, text.replace("\r\n", "\n")))
