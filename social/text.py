"""Text as people see it: grapheme clusters, one-line tidying, and shortening at a word.

A *grapheme cluster* is what a reader takes for one character: "é" written as
"e" + a combining accent, a flag, or the family emoji 👨‍👩‍👧 (five code points
joined by zero-width joiners) are one each. Bluesky and Mastodon count post
lengths in graphemes, so the kit does too, with the ``regex`` module's ``\\X``
(maintained, and follows each new Unicode version).
"""

import unicodedata

import regex

__all__ = ["ELLIPSIS", "graphemes", "shorten", "tidy"]

ELLIPSIS = "…"

_GRAPHEME = regex.compile(r"\X")
#: Spaces, and punctuation a cut text should not end with before its "…".
_TRAILING = " \t\n,;:.-–—(«“\"'"


def graphemes(text):
    """The grapheme clusters of ``text``, in order."""
    return _GRAPHEME.findall(text or "")


def tidy(text, *, keep_lines=False):
    """``text`` without control characters, its runs of spaces made one.

    With ``keep_lines``, line breaks stay (at most one blank line in a row);
    otherwise the text is put on one line. Format characters (zero-width
    joiners in emoji, right-to-left marks) are kept: they are part of the text.
    """
    text = str(text or "")
    text = "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
    )
    if not keep_lines:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    result = []
    for line in lines:
        if line or (result and result[-1]):
            result.append(line)
    return "\n".join(result).strip()


def shorten(text, length):
    """``text`` cut to at most ``length`` graphemes, at a word boundary, ending with "…".

    A text that fits is returned as it is. The cut never splits a grapheme (an
    emoji family stays whole); a single word longer than the room is cut inside.
    """
    clusters = graphemes(text)
    if len(clusters) <= length:
        return text
    if length <= 0:
        return ""
    if length == 1:
        return ELLIPSIS
    kept = clusters[: length - 1]
    # Back to the last space, unless that would throw away most of what fits.
    for index in range(len(kept) - 1, -1, -1):
        if kept[index].isspace():
            if index >= len(kept) // 2:
                kept = kept[:index]
            break
    cut = "".join(kept).rstrip(_TRAILING)
    return f"{cut}{ELLIPSIS}" if cut else ELLIPSIS
