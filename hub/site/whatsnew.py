"""What's new: the records most recently added or reviewed, newest first.

The What's new page lists them; the Atom feed (hub.exports.feed) lists the same.
"""

from __future__ import annotations

from hub.records.kinds import RECORD_TYPES

LIMIT = 30


def latest(views: dict[str, list[dict]], limit: int = LIMIT) -> list[dict]:
    """The `limit` record views (from hub.site.views.record_views) most recently reviewed, newest first.

    Records reviewed on the same day follow the order of the record types
    (services first), and within a type the one added last (lowest in its
    file) comes first."""
    ranked = []
    for rank, record_type in enumerate(RECORD_TYPES):
        for index, view in enumerate(views.get(record_type.key, [])):
            ranked.append(((view["record"]["last_reviewed"], -rank, index), view))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return [view for _, view in ranked[:limit]]


def what_is_listed() -> str:
    """'Services, resources and campaigns': every record type, in words."""
    nouns = [record_type.nouns for record_type in RECORD_TYPES]
    return (", ".join(nouns[:-1]) + " and " + nouns[-1]).capitalize()
