"""Characters that look like nothing, or like another character.

Text pasted from a word processor, a PDF or a web page often brings a
non-breaking space, a zero-width space or curly quotes with it. They look
exactly like an ordinary space or straight quote, so a message quoting the
value ("'0800 1111' is not a UK phone number") would show what looks like a
valid value. These tables let messages name the character instead.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that show as a space but are not the space YAML and addresses need.
SPACES = {
    "\u00a0": "a non-breaking space",
    "\u2002": "an en space",
    "\u2003": "an em space",
    "\u2007": "a figure space",
    "\u2008": "a punctuation space",
    "\u2009": "a thin space",
    "\u200a": "a hair space",
    "\u202f": "a narrow non-breaking space",
    "\u3000": "an ideographic space",
}
# Characters that show as nothing at all.
ZERO_WIDTH = {
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u00ad": "a soft hyphen",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
}
INVISIBLE = {**SPACES, **ZERO_WIDTH}
# Characters that are letters or symbols to Unicode but show nothing.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Characters that look like ones a value needs, but are different characters.
LOOKALIKE = {
    "\u2018": "a curly quote (\u2018)",
    "\u2019": "a curly apostrophe (\u2019)",
    "\u201c": "a curly quote (\u201c)",
    "\u201d": "a curly quote (\u201d)",
    "\u201e": "a low curly quote (\u201e)",
    "\u2032": "a prime (\u2032)",
    "\u2033": "a double prime (\u2033)",
    "\u2010": "a Unicode hyphen (\u2010)",
    "\u2011": "a non-breaking hyphen (\u2011)",
    "\u2012": "a figure dash (\u2012)",
    "\u2013": "an en dash (\u2013)",
    "\u2014": "an em dash (\u2014)",
    "\u2212": "a minus sign (\u2212)",
    "\uff0e": "a full-width full stop (\uff0e)",
    "\uff20": "a full-width at sign (\uff20)",
    "\u2024": "a one-dot leader (\u2024)",
}

# Opening and closing quotes that word processors put around a value.
CURLY_QUOTES = {("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u201e", "\u201c"), ("\u201e", "\u201d"), ("\u00ab", "\u00bb"), ("\u201d", "\u201d")}

_ODD = re.compile("[" + re.escape("".join(INVISIBLE) + "".join(LOOKALIKE)) + "]")

# What to do about each group.
_INVISIBLE_ADVICE = "delete it (or delete the whole value and type it again)"
_SPACE_ADVICE = "delete it and type an ordinary space (or delete the whole value and type it again)"
_LOOKALIKE_ADVICE = "type the ordinary character from the keyboard instead"


def has_visible_text(text: str) -> bool:
    """True if `text` has a letter, digit, punctuation mark or symbol a reader
    can see: not only spaces, zero-width or other invisible characters."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LETTERS for char in text)


def wrapped_in_curly_quotes(text: str) -> bool:
    return len(text) >= 2 and (text[0], text[-1]) in CURLY_QUOTES


def without_invisible(text: str) -> str:
    return "".join(character for character in text if character not in INVISIBLE)


def plain_spaces(text: str) -> str:
    """`text` with space-like characters made ordinary spaces and zero-width ones removed."""
    return "".join(" " if character in SPACES else character for character in text if character not in ZERO_WIDTH)


def first_odd_character(text: str) -> int | None:
    """The index of the first invisible or look-alike character in `text`, or None."""
    found = _ODD.search(text)
    return found.start() if found else None


def explain(text: str) -> str | None:
    """What is wrong with `text`'s characters, in words, or None if nothing is."""
    if wrapped_in_curly_quotes(text):
        return (f"the value is wrapped in curly quotes ({text[0]} {text[-1]}), which YAML reads as part of the value; "
                "use straight double quotes (\") or none")
    index = first_odd_character(text)
    if index is None:
        return None
    character = text[index]
    return f"contains {name(character)} {_position(text, index)}; {advice(character)}"


def name(character: str) -> str:
    """'a non-breaking space (U+00A0, a character that looks like a space)', and so on."""
    if character in SPACES:
        return f"{SPACES[character]} (U+{ord(character):04X}, a character that looks like a space)"
    if character in ZERO_WIDTH:
        return f"{ZERO_WIDTH[character]} (U+{ord(character):04X}, a character that cannot be seen)"
    return f"{LOOKALIKE[character]} (U+{ord(character):04X})"


def advice(character: str) -> str:
    if character in SPACES:
        return _SPACE_ADVICE
    return _INVISIBLE_ADVICE if character in ZERO_WIDTH else _LOOKALIKE_ADVICE


def _position(text: str, index: int) -> str:
    if index == 0:
        return "at the start"
    if index == len(text) - 1:
        return f"at the end, after '{_tail(text[:index])}'"
    return f"after '{_tail(text[:index])}'"


def _tail(text: str, width: int = 20) -> str:
    return text if len(text) <= width else "\u2026" + text[-width:]
