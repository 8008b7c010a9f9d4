"""The self-reflection tool's pages and the Alliance's summary pages, as page
specs ({path, title, template, context, searchable}) that hub.site.pages lists
with every other generated page.

Weak answers point at the hub's own records: every record type in the page
views whose records carry `topics` (services, resources, campaigns, and
training once it is listed) is matched on a question's topics, then ranked
by shared topics and shared quality standards. The links go into each set's
page at build time, so the tool never fetches anything.

Links are site paths ('services/childline/'); the templates and reflect.js
resolve them against the page's link to the site root.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from hub.records.questionsets import (
    ALL_GROUP,
    FORMAT_VERSION,
    H1_LAST_MONTH,
    MY_REFLECTION_FORMAT,
    RETURN_FORMAT,
    SCALE_VALUES,
    SMALLEST_GROUP,
    answer_values,
    district_choices,
    questions,
    set_by_id,
)
from hub.reflection.protection import DERIVED_FROM, LIMITS, PROTECTION
from hub.reflection.returns import MAX_TEXT

# Links shown for one weak answer, chosen from more candidates: reflect.js
# leaves out records for other districts than the person's.
LINKS_PER_ANSWER = 5
LINK_CANDIDATES = 12
SUMMARIES_FOLDER = "alliance/reflection"


def reflect_pages(hub, views: dict[str, list[dict]]) -> list[dict]:
    """Every page of the tool and of the published summaries."""
    reflection = hub.sources["reflection"].data
    summaries = hub.sources["reflection-summaries"].data["summaries"]
    index = _TopicIndex(views, len(hub.vocab["districts"]))
    about = reflection["reflection"]
    pages = [_page("reflect/index.md", about["name"], "reflect_index.html",
                   {"about": about, "sets": [_set_card(s) for s in reflection["sets"]], "rounds": _rounds(summaries)})]
    for question_set in reflection["sets"]:
        pages.append(_page(f"reflect/{question_set['id']}.md", question_set["title"], "reflect_set.html",
                           set_context(reflection, hub.vocab, question_set, index)))
    pages.append(_page(f"{SUMMARIES_FOLDER}/index.md", "What practitioners and organisations told us", "reflect_summaries.html",
                       {"about": about, "rounds": _rounds(summaries)}))
    for summary in summaries:
        pages.append(_page(f"{SUMMARIES_FOLDER}/{summary['round'].lower()}.md",
                           f"What practitioners and organisations told us: {round_name(summary['round'])}", "reflect_summary.html",
                           summary_context(reflection, hub.vocab, summary)))
    return pages


def _page(path: str, title: str, template: str, context: dict) -> dict:
    return {"path": path, "title": title, "template": template, "context": context}


def round_name(round_id: str) -> str:
    """'2026-H1' -> 'January to June 2026'."""
    year, half = round_id.split("-")
    return f"{'January to June' if half == 'H1' else 'July to December'} {year}"


def _rounds(summaries: list[dict]) -> list[dict]:
    return [{"round": s["round"], "name": round_name(s["round"]), "url": f"{SUMMARIES_FOLDER}/{s['round'].lower()}/"}
            for s in sorted(summaries, key=lambda s: s["round"], reverse=True)]


def _set_card(question_set: dict) -> dict:
    return {"set": question_set, "url": f"reflect/{question_set['id']}/", "count": len(questions(question_set))}


# ----------------------------------------------------------------------------
# Matching answers to the hub's records
# ----------------------------------------------------------------------------

class _TopicIndex:
    """The listed records by topic, so matching costs what the matches cost."""

    def __init__(self, views: dict[str, list[dict]], district_count: int):
        self.district_count = district_count
        self.by_topic: dict[str, list[dict]] = defaultdict(list)
        for items in views.values():
            for view in items:
                for topic in view["record"].get("topics", []):
                    self.by_topic[topic].append(view)

    def links(self, topics: list[str], standards: list[str]) -> list[dict]:
        """The records that share most of `topics`, then most of `standards`, best first."""
        shared: dict[int, list] = {}
        for topic in topics:
            for view in self.by_topic.get(topic, []):
                entry = shared.setdefault(id(view), [0, view])
                entry[0] += 1
        wanted = set(standards)
        ranked = heapq.nsmallest(LINK_CANDIDATES, shared.values(), key=lambda entry: (
            -entry[0], -len(wanted.intersection(entry[1]["record"].get("quality_standards", []))), entry[1]["title"].lower()))
        return [self._link(view) for _, view in ranked]

    def _link(self, view: dict) -> dict:
        link = {"title": view["title"], "url": view["url"], "kind": view["type"].label}
        districts = view.get("district_ids")  # a view without them is for everywhere
        if districts is not None and len(districts) < self.district_count:
            link["districts"] = districts  # only for people in these districts
        return link


# ----------------------------------------------------------------------------
# A question set's page
# ----------------------------------------------------------------------------

def set_context(reflection: dict, vocab: dict, question_set: dict, index: _TopicIndex) -> dict:
    """What reflect_set.html shows, and the definition reflect.js works from."""
    level_names = reflection["level_names"]
    context = reflection["context"]
    choices = {
        "district": district_choices(reflection, vocab),
        "sector": [(t["id"], t["name"]) for t in context["sectors"]],
        "role_band": [(t["id"], t["name"]) for t in context["role_bands"]],
    }
    links = {q["id"]: index.links(q["topics"], q["quality_standards"]) for q in questions(question_set)}
    return {
        "question_set": question_set,
        "about": reflection["reflection"],
        "scale": reflection["scale"],
        "scale_values": list(SCALE_VALUES),
        "max_text": MAX_TEXT,
        "level_names": level_names,
        "choices": choices,
        "links": links,
        "labels": {q["id"]: q["label"] for q in questions(question_set)},
        "count": len(questions(question_set)),
        "definition": _definition(reflection, question_set, choices, links, index),
    }


def _definition(reflection: dict, question_set: dict, choices: dict, links: dict, index: _TopicIndex) -> dict:
    """Everything reflect.js needs about the set, as plain JSON."""
    def question(q: dict) -> dict:
        out = {"id": q["id"], "kind": q["kind"], "label": q["label"], "aggregate": bool(q.get("aggregate")),
               "links": links[q["id"]]}
        if q["kind"] == "scale":
            out["next_step"] = q["next_step"]
        if q["kind"] == "levels":
            out["levels"] = [level.get("next_step", "") for level in q["levels"]]
        if "options" in q:
            out["options"] = [{"id": o["id"], "label": o["label"], "next_step": o.get("next_step", ""),
                               "links": index.links(o["topics"], q["quality_standards"]) if o.get("topics") else []}
                              for o in q["options"]]
        return out

    return {
        "set": question_set["id"],
        "version": question_set["version"],
        "title": question_set["title"],
        "formats": {"mine": MY_REFLECTION_FORMAT, "return": RETURN_FORMAT, "version": FORMAT_VERSION},
        "links_shown": LINKS_PER_ANSWER,
        # The rules shared with hub/records/questionsets.py and hub/reflection/returns.py, from them.
        "scale": {"strength_from": reflection["scale"]["strength_from"], "top": SCALE_VALUES[-1]},
        "max_text": MAX_TEXT,
        "h1_last_month": H1_LAST_MONTH,
        "levels": reflection["level_names"],
        "context": {field: [term_id for term_id, _ in terms] for field, terms in choices.items()},
        "across_districts": reflection["context"]["across_districts"]["id"],
        "sections": [{"id": s["id"], "title": s["title"], "questions": [q["id"] for q in s["questions"]]} for s in question_set["sections"]],
        "questions": [question(q) for q in questions(question_set)],
    }


# ----------------------------------------------------------------------------
# A round's summary page
# ----------------------------------------------------------------------------

def summary_context(reflection: dict, vocab: dict, summary: dict) -> dict:
    """A round's summary with the words to show beside its ids."""
    group_names = {ALL_GROUP: "All districts"} | dict(district_choices(reflection, vocab))
    sets = []
    for set_summary in summary["sets"]:
        question_set = set_by_id(reflection, set_summary["set"])
        if question_set is None:
            continue  # validation refuses a summary of a set that is not there
        by_id = {q["id"]: q for q in questions(question_set)}
        tables = []
        for table in set_summary["questions"]:
            question = by_id.get(table["question"])
            if question is None:
                continue  # a retired question: its history stays in the data
            tables.append({"question": question, "rows": table["rows"],
                           "value_labels": _value_labels(question, reflection["level_names"])})
        baselines = [{"question": t["question"], "row": t["rows"][0]} for t in tables if "baseline" in t["question"]]
        needs_labels = next((t["value_labels"] for t in tables if t["question"]["id"] == question_set.get("training_needs_question")), {})
        needs = [{"group": n["group"], "top": [{**item, "label": needs_labels.get(item["value"], item["value"])} for item in n["top"]]}
                 for n in set_summary.get("training_needs", [])]
        sets.append({"set": question_set, "summary": set_summary, "tables": tables, "baselines": baselines, "needs": needs,
                     "all_hidden": set_summary["returns"][0].get("hidden", False)})
    return {"summary": summary, "round_name": round_name(summary["round"]), "sets": sets, "group_names": group_names,
            "smallest": SMALLEST_GROUP, "derived_from": DERIVED_FROM, "about": reflection["reflection"],
            "protection": PROTECTION, "limits": LIMITS}


def _value_labels(question: dict, level_names: list[str]) -> dict[str, str]:
    if question["kind"] == "levels":
        return {str(i): name for i, name in enumerate(level_names, 1)}
    if question["kind"] == "scale":
        return {value: value for value in answer_values(question, len(level_names))}
    return {o["id"]: o["label"] for o in question["options"]}
