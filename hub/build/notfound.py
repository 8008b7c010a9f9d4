"""The 404 page, made to work at whatever address the site is served.

A web server shows 404.html in place of any missing page, at that page's
address: /hub/services/old-name/ or /staging/hub/typo/. Relative links cannot
work there, so site engines write the 404 page with links from the path of
`site_url` (/hub/assets/...), which breaks as soon as the site is served
anywhere else (a staging folder, a different sub-path).

The built 404.html is rewritten so that every link is relative to a
<base href>. The base starts as the path of `site_url`, which is right
without JavaScript when the site is served there; a small script in the
head then finds the folder the site is really served from (the nearest
folder above the missing page that holds the site's own style sheet,
assets/hub.css) before the page's style sheets and scripts are parsed.
Only this site is asked: one HEAD request per folder level, the nearest
first; a server that answers every address with the 404 page is told apart
by the answer's type. When the site is served away from site_url's path,
Chromium's preload scanner may first ask for the assets under that path
(requests that fail harmlessly) before the script has corrected the base.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

_FIND_ROOT = r"""<script>(function () {
  var base = document.getElementById("hub-base"), parts = location.pathname.split("/");
  for (var depth = parts.length - 1; depth > 0; depth--) {
    var folder = parts.slice(0, depth).join("/") + "/", probe = new XMLHttpRequest();
    try {
      probe.open("HEAD", folder + "assets/hub.css", false);
      probe.send();
      if (probe.status === 200 && /^text\/css/.test(probe.getResponseHeader("Content-Type") || "")) { base.href = folder; return; }
    } catch (error) { return; }
  }
})();</script>"""


def make_404_relocatable(site: Path, site_url: str) -> bool:
    """Rewrite `site`/404.html as above; False if the site has no 404 page."""
    page = Path(site) / "404.html"
    if not page.is_file():
        return False
    prefix = urlsplit(site_url or "/").path or "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    markup = page.read_text(encoding="utf-8")
    # The theme's settings for its scripts: the site's root, and where it keeps things in
    # localStorage (Material writes "/hub/", Zensical "/hub").
    root = re.escape(prefix.rstrip("/"))
    markup = re.sub(rf'"base":\s*"{root}/?"', '"base": "."', markup)
    markup = re.sub(rf'__md_scope=new URL\("{root}/?",location\)', '__md_scope=new URL(".",document.baseURI)', markup)
    # Every other address from the site's path ("/hub/assets/...") becomes relative to the base,
    # and so does the site's root (Zensical writes an empty link for it).
    markup = re.sub(rf'"{re.escape(prefix)}(?!/)', '"', markup)
    markup = markup.replace(' href=""', ' href="."')
    head = f'<base id="hub-base" href="{prefix}">{_FIND_ROOT}'
    markup, found = re.subn(r"<head>", "<head>" + head, markup, count=1)
    if not found:
        raise RuntimeError("404.html has no <head>; cannot make it work at any address")
    page.write_text(markup, encoding="utf-8")
    return True
