"""SYNTHETIC services for the benchmark, and a copy of the repository's site sources holding them."""

from __future__ import annotations

import datetime
import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

_SYLLABLES = ("ash", "bar", "brook", "bur", "cal", "der", "dale", "ely", "fen", "ford", "gar", "hal", "ham", "holm",
              "ing", "kel", "ley", "lin", "mar", "mere", "nor", "ock", "pen", "ridge", "ros", "sel", "shaw", "ston",
              "tal", "thorp", "ton", "val", "wick", "worth", "wyn", "yard")
_KINDS = ("helpline", "support service", "advice line", "youth project", "family hub", "drop-in", "counselling service",
          "online safety clinic", "parent support group", "outreach team")
_SENTENCES = (
    "This is a SYNTHETIC record made for a benchmark; it is not a real service.",
    "It offers {adj} support to {who} who are worried about {what}.",
    "Staff can talk through {what} and help people decide what to do next.",
    "The team works with schools, health visitors and youth workers across {place}.",
    "People can get in touch by phone or online, and do not need a referral.",
    "Sessions are {adj} and confidential, and last about {n} minutes.",
    "Volunteers trained in {what} answer calls and messages.",
    "It was set up in {year} by local parents in {place}.",
    "Information is available in plain English and in easy read.",
    "Anyone can ask for a call back at a time that suits them.",
)
_ADJECTIVES = ("free", "friendly", "practical", "one-to-one", "group", "short-term", "long-term", "specialist", "peer", "confidential")
_WHO = ("children", "young people", "parents", "carers", "teachers", "professionals", "families", "foster carers")
_WHAT = ("sextortion", "online grooming", "sharing images", "harmful content", "bullying online", "gaming chats",
         "social media", "staying safe online", "image removal", "reporting a concern")


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def synthetic_services(count: int, vocab: dict, seed: int = 2026) -> list[dict]:
    """`count` valid services, clearly labelled SYNTHETIC, reproducible for a given seed."""
    rng = random.Random(seed)
    terms = {key: [t["id"] for t in vocab[key]] for key in ("audiences", "topics", "access_routes", "districts")}
    standards = [s["id"] for s in vocab["quality_standards"]]
    reviewed = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    organisations = max(1, count // 8)
    services = []
    for i in range(count):
        place = _place(rng)
        fill = {"adj": rng.choice(_ADJECTIVES), "who": rng.choice(_WHO), "what": rng.choice(_WHAT), "place": place,
                "n": rng.choice((30, 45, 50, 60)), "year": rng.randint(1990, 2024)}
        sentences = [_SENTENCES[0]] + [s.format(**fill) for s in rng.sample(_SENTENCES[1:], rng.randint(2, 4))]
        area = rng.choice(("national", "region", "districts", "districts", "districts"))
        coverage = {"area": area}
        if area == "districts":
            coverage["districts"] = rng.sample(terms["districts"], rng.randint(1, 2))
        contact = {"phone": f"0113 496 0{i % 1000:03d}", "website": f"https://example.org/synthetic/service-{i:05d}/"}
        if rng.random() < 0.4:
            contact["email"] = f"service-{i:05d}@example.org"
        if rng.random() < 0.2:
            contact["other_phones"] = [{"number": f"0114 496 0{(i * 7) % 1000:03d}", "description": "Out of hours"}]
        service = {
            "id": f"synthetic-{i:05d}",
            "name": f"SYNTHETIC {place} {rng.choice(_KINDS)} {i:05d}",
            "organisation": f"SYNTHETIC organisation {i % organisations:04d}",
            "description": " ".join(sentences),
            "audiences": rng.sample(terms["audiences"], rng.randint(1, min(3, len(terms["audiences"])))),
            "coverage": coverage,
            "topics": rng.sample(terms["topics"], rng.randint(1, 3)),
            "quality_standards": rng.sample(standards, 1),
            "access": rng.sample(terms["access_routes"], rng.randint(1, 3)),
            "how_to_access": f"Call {contact['phone']} or use the website. SYNTHETIC: this number is an Ofcom drama number.",
            "contact": contact,
            "source": "SYNTHETIC benchmark data written by bench/run.py",
            "last_reviewed": reviewed,
        }
        if rng.random() < 0.5:
            service["opening_hours"] = rng.choice(("Monday to Friday, 9am to 5pm", "24 hours, every day", "Weekdays 10am to 4pm"))
        if rng.random() < 0.3:
            service["cost"] = "Free"
        if rng.random() < 0.3:
            low = rng.choice((0, 5, 11, 13))
            service["age_range"] = {"min": low, "max": rng.choice((18, 19, 25))}
        # Half the services for children (and the first three, for the smallest sites) have
        # young people's words, so the reading-age and own-site checks run at scale.
        if i < 3 or ("children" in service["audiences"] and rng.random() < 0.5):
            if "children" not in service["audiences"]:
                service["audiences"].append("children")
            service["young_people"] = {
                "summary": "You can talk to them about what worries you.",
                "what_happens_next": {"what_happens": {"text": "Someone listens to you, and helps you.",
                                                       "source": contact["website"] + "young-people/"}},
            }
        services.append(service)
    return services


def young_people_for(services: list[dict], young: dict) -> dict:
    """data/young-people.yaml with every service it offers replaced by SYNTHETIC services
    with young people's words (the real ones are not in the synthetic services.yaml)."""
    offered = [s["id"] for s in services if "young_people" in s]
    pick = lambda count: offered[:count]  # noqa: E731
    young["help_now"]["services"] = pick(len(young["help_now"]["services"]))
    young["nothing_fits"]["services"] = pick(len(young["nothing_fits"]["services"]))
    for route in young["routes"]:
        route["services"] = pick(len(route["services"]))
    return young


def make_root(target: Path, count: int) -> Path:
    """A copy of the repository's site sources whose services.yaml holds `count` SYNTHETIC services."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "data", "resources"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder, symlinks=True)
    vocab = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))
    header = "# SYNTHETIC services written by bench/run.py for a benchmark. Not real services.\n"
    services = synthetic_services(count, vocab)
    body = yaml.safe_dump({"services": services}, allow_unicode=True, sort_keys=False, width=100)
    (target / "data" / "services.yaml").write_text(header + body, encoding="utf-8")
    young_file = target / "data" / "young-people.yaml"
    young = young_people_for(services, yaml.safe_load(young_file.read_text(encoding="utf-8")))
    young_file.write_text("# yaml-language-server: $schema=schemas/young-people.schema.json\n" +
                          yaml.safe_dump(young, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    # Resources may name real services (related_services); those are not in the synthetic file.
    resources = target / "data" / "resources.yaml"
    resources.write_text(re.sub(r"(?m)^(\s*)related_services:\n(?:\1  +- .*\n)+", "", resources.read_text(encoding="utf-8")), encoding="utf-8")
    return target
