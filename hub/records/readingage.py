"""How hard young people's words are to read, measured the same way everywhere.

The measure is the Flesch-Kincaid grade level, worked out by textstat (0.7.8,
pinned: later versions fetch data from the internet), turned into a UK
reading age by adding 5, the usual mapping (a child in US grade 1 is about
six). Flesch-Kincaid counts only sentence length and syllables per word, so
it is blunt: it cannot tell a familiar long word from a hard one. It is the
formula most readability guidance quotes, and it is the same on every
machine, which makes it a fair rule for a check that refuses text.

Each text (one field) is measured as a whole, since the formula is made for
passages. A text that reads older than the setting is refused, and the
message quotes its hardest sentence, measured on its own, as the place to
start. A page's reading age is its texts measured together, each text a
sentence or more of its own (`page_reading_age`).

The values measured are chosen by the schemas: every value whose schema
says `x-reading-age: true` (common.schema.json's `young_text`).
"""

from __future__ import annotations

import re
from pathlib import Path

import textstat

from hub.records.problems import Problem
from hub.records.schemas import each_value, uses_keyword
from hub.records.yamlsource import SourceFile, dotted

# US school grade -> UK reading age in years.
GRADE_TO_AGE = 5
# The setting's name in mkdocs.yml (extra.hub), as messages say it.
SETTING = "young_people_reading_age"
# A setting outside these ages is a slip (a grade, or a typing error).

_SENTENCE = re.compile(r"[^.!?]*[^.!?\s][^.!?]*[.!?]*")
_LETTER = re.compile(r"[^\W\d_]")


def reading_age(text: str) -> float:
    """The reading age of `text` in years: its Flesch-Kincaid grade plus 5."""
    return textstat.flesch_kincaid_grade(text) + GRADE_TO_AGE


def sentences(text: str) -> list[str]:
    """`text` cut into sentences at '.', '!' and '?', each stripped."""
    return [" ".join(part.split()) for part in _SENTENCE.findall(text) if _LETTER.search(part)]


def hardest_sentence(text: str) -> tuple[str, float]:
    """The sentence of `text` with the highest reading age on its own, and that age."""
    return max(((sentence, reading_age(sentence)) for sentence in sentences(text)), key=lambda pair: pair[1])


def page_reading_age(texts: list[str]) -> float:
    """The reading age of a page's texts read together. A heading or label with
    no full stop is a sentence of its own, not the start of the next one."""
    joined = " ".join(text if text.rstrip().endswith((".", "!", "?")) else text.rstrip() + "." for text in texts if text.strip())
    return reading_age(joined)


def shown(age: float) -> str:
    """An age as messages and pages show it: one decimal place ('9.4')."""
    return f"{age:.1f}"


def reading_age_problems(schema_dir: Path, name: str, source: SourceFile, highest: float):
    """A Problem for each young people's text in `source` that reads older than `highest`."""
    if not uses_keyword(schema_dir, name, "x-reading-age"):
        return
    for schema, value, place in each_value(schema_dir, name, source.data, "x-reading-age"):
        if not schema.get("x-reading-age") or not isinstance(value, str) or not _LETTER.search(value) or source.is_refused(place):
            continue
        age = reading_age(value)
        if age > highest:
            sentence, sentence_age = hardest_sentence(value)
            yield Problem(source.path, source.line_of(place), dotted(place),
                          f"reads at age {shown(age)}, older than the {highest:g} set in mkdocs.yml ({SETTING}); its hardest sentence "
                          f"is \"{sentence}\" (age {shown(sentence_age)}): use shorter sentences and shorter, everyday words")
