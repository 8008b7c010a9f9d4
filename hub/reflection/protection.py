"""How published summaries protect people, in words: the rule set the
summary page shows and CONTRIBUTING.md quotes (a test keeps them the same),
and what it cannot do. summarise.py, suppression.py and audit.py apply it.

These are the hub's own words, a draft until the board approves them.
"""

from __future__ import annotations

from hub.records.questionsets import SMALLEST_GROUP

# Averages and percentages only for rows answered by this many or more.
DERIVED_FROM = 2 * SMALLEST_GROUP

PROTECTION = (
    f"No count of 1 to {SMALLEST_GROUP - 1} is published. When the board counts senders, nor is a count that comes "
    f"from fewer than {SMALLEST_GROUP} senders.",
    "Other figures are withheld too, so that a hidden count cannot be worked out by arithmetic: not from the totals, "
    "not from an average, and not by taking those who answered a question from the returns (how many skipped a "
    "question is protected like any count).",
    "Before anything is published, the summary is attacked by computer as a determined reader would attack it: by "
    "integer programming over every published figure, with everything known about the answers (whole numbers, none "
    "below 0, scores from 1 to 10, levels from 1 to 4, averages and percentages as the ranges their rounding allows). "
    f"If a hidden count of 1 to {SMALLEST_GROUP - 1}, or the hidden part of a row or a column, could be worked out or "
    f"narrowed down to between 1 and {SMALLEST_GROUP - 1}, more is withheld (first the average of its row) and the "
    "attack runs again.",
    f"Averages and percentages are given only for rows answered by {DERIVED_FROM} or more, beside the number who "
    "answered. Averages are rounded half up to one decimal place, percentages half up to whole numbers.",
    "A round is published once. Figures from earlier rounds are copied as they were published, never worked out again. "
    "If the board decides to publish a round again, the two versions are attacked together, so that comparing them "
    "gives nobody away.",
    "Nobody's own words are published.",
)
LIMITS = (
    "What this cannot do: returns are files that anyone can email, and nothing in a file shows who made it. The "
    f"threshold of {SMALLEST_GROUP} protects people from being picked out of the figures by arithmetic; it cannot tell "
    "a made-up return from a real one. Someone who sent four made-up returns for a district where one real person "
    "answered could lift it over the threshold and then take their own answers away. When returns come by email, the "
    f"board counts senders (email addresses): fewer than {SMALLEST_GROUP} senders behind a figure hide it however many "
    f"files there are, so one sender cannot do this. Someone who can send from {SMALLEST_GROUP} addresses still could, "
    "and a manager who forwards colleagues' returns counts as one sender."
)
