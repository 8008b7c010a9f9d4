"""Pages other websites put in a frame, and the page that gives them the code.

Each of the five Safeguarding Children Partnerships has its own website. An
embed page shows one part of the hub there: the directory (for one district
or the whole region), the help-now numbers, or the training list, with the
hub's filters and none of its navigation (front matter `embed: true`; see
docs/overrides/main.html). Its links open the full hub in the top window,
and "Exit this page" leaves the partner's page too.

"Put this on your website" (embed/) gives each district its code to copy: a
frame with a meaningful title, a plain link for anyone the frame fails, and
a short script that sets the frame's height from the height the embedded
page sends (docs/assets/embed.js), accepting messages only from the hub's
own address. Nothing is loaded from anyone but the hub.

Page specs ({path, title, template, context, searchable, embed}) for
hub.site.pages.site_pages.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from hub.records.kinds import SERVICES, TRAINING
from hub.records.sessions import month_name
from hub.site.views import upcoming_sessions

FOLDER = "embed"
# The message embed.js sends and the snippet's script accepts.
HEIGHT_MESSAGE = "hub-embed-height"
# Attributes a partner's frame may carry if their site sandboxes frames:
# scripts and the hub's own storage for the filters and Exit, top navigation
# on a click for links and Exit, downloads for "Add to calendar".
SANDBOX = "allow-scripts allow-same-origin allow-top-navigation-by-user-activation allow-downloads"


def embed_pages(hub, settings: dict, views: dict, help_now: dict) -> list[dict]:
    """Every embed page, and the page with the code for them. `help_now` is
    the home page's ways to act now (hub.site.pages.help_now)."""
    region = hub.vocab["region"]["name"]
    districts = hub.vocab["districts"]
    services, training = views[SERVICES.key], views[TRAINING.key]
    sessions = upcoming_sessions(training)
    pages = [
        _embed(f"{FOLDER}/directory/index.md", f"Online safety support in {region}", "embed_directory.html",
               {"items": services, "district": None}),
        _embed(f"{FOLDER}/help-now/index.md", f"Get help now in {region}", "embed_help_now.html",
               {**help_now, "districts": districts, "district": None}),
        _embed(f"{FOLDER}/training/index.md", f"Online safety training in {region}", "embed_training.html",
               {"sessions": sessions, "on_demand": [v for v in training if v["record"].get("on_demand")],
                "months": [(month, month_name(month)) for month in sorted({session.month for session, _ in sessions})]}),
    ]
    for district in districts:
        pages.append(_embed(f"{FOLDER}/directory/{district['id']}.md", f"Online safety support in {district['name']}", "embed_directory.html",
                            {"items": [v for v in services if district["id"] in v["district_ids"]], "district": district}))
        pages.append(_embed(f"{FOLDER}/help-now/{district['id']}.md", f"Get help now in {district['name']}", "embed_help_now.html",
                            {**help_now, "districts": [district], "district": district}))
    pages.append({"path": f"{FOLDER}/index.md", "title": "Put this on your website", "template": "embed_index.html",
                  "context": {"embeds": embed_choices(settings, region, districts), "sandbox": SANDBOX}, "searchable": False})
    return pages


def _embed(path: str, title: str, template: str, context: dict) -> dict:
    return {"path": path, "title": title, "template": template, "context": context, "searchable": False, "embed": True}


def embed_choices(settings: dict, region: str, districts: list[dict]) -> list[dict]:
    """For the whole region and each district: a heading and the code for each embed."""
    site = settings["site_url"]
    name = settings["site_name"]
    areas = [{"id": "", "name": region, "heading": f"All of {region}", "district_page": "districts/"}]
    areas += [{"id": d["id"], "name": d["name"], "heading": d["name"], "district_page": f"districts/{d['id']}/"} for d in districts]
    choices = []
    for area in areas:
        suffix = f"{area['id']}/" if area["id"] else ""
        slug = area["id"] or "west-yorkshire"
        choices.append({"heading": area["heading"], "id": slug, "codes": [
            {"what": f"The directory of services in {area['name']}, with filters",
             "code": snippet(site, f"{FOLDER}/directory/{suffix}", f"hub-directory-{slug}",
                             f"Online safety support in {area['name']}, from the {name}", area["district_page"],
                             f"Online safety support in {area['name']}", name)},
            {"what": f"Who to call now in {area['name']}",
             "code": snippet(site, f"{FOLDER}/help-now/{suffix}", f"hub-help-now-{slug}",
                             f"Get help now in {area['name']}, from the {name}", "", "If a child is in danger: who to call", name)},
        ]})
    choices.append({"heading": f"Training across {region}", "id": "training", "codes": [
        {"what": "Training and events, with filters",
         "code": snippet(site, f"{FOLDER}/training/", "hub-training", f"Online safety training in {region}, from the {name}",
                         "training/", "Online safety training and events", name)},
    ]})
    return choices


def snippet(site_url: str, path: str, frame_id: str, title: str, link_path: str, link_text: str, site_name: str) -> str:
    """The code a partner pastes: the frame, a plain link (for anyone the frame
    fails), and the script that sizes the frame from the hub's message."""
    base = site_url.rstrip("/") + "/"
    attribute = text = _escape
    return (
        f'<iframe id="{attribute(frame_id)}" src="{attribute(base + path)}" title="{attribute(title)}"'
        f' style="width:100%;height:40rem;border:0" loading="lazy"></iframe>\n'
        f'<p><a href="{attribute(base + link_path)}">{text(link_text)}</a> on the {text(site_name)}</p>\n'
        "<script>\n"
        "/* Sets the frame's height from the hub's message, so the page scrolls as one. */\n"
        "(function () {\n"
        f"  var frame = document.getElementById({json.dumps(frame_id)});\n"
        "  var hub = new URL(frame.src).origin;\n"
        '  window.addEventListener("message", function (event) {\n'
        "    var data = event.data;\n"
        "    if (event.origin !== hub || event.source !== frame.contentWindow) return;\n"
        f'    if (!data || data.type !== "{HEIGHT_MESSAGE}" || typeof data.height !== "number") return;\n'
        '    frame.style.height = Math.min(Math.max(Math.ceil(data.height), 1), 100000) + "px";\n'
        "  });\n"
        "})();\n"
        "</script>\n"
    )


def _escape(value: str) -> str:
    return str(Markup.escape(value))
