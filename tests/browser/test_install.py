"""The hub can be installed as an app: Lighthouse says so, and so does
Chromium itself.

Lighthouse 11.7.1 (the last version with the installability audit, pinned in
package-lock.json, installed with `npm ci --ignore-scripts`) runs Debian's
/usr/bin/chromium through CHROME_PATH; it never downloads a browser. The site
is the one the other browser tests use, served on loopback. Nobody here has
turned the offline copy on, so this is the site as every visitor gets it.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib

import pytest

from tests.browser.conftest import CHROMIUM, REPO

pytestmark = pytest.mark.browser

LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"


def test_lighthouse_reports_the_site_installable(base_url):
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `npm ci --ignore-scripts` (make test does)", pytrace=False)
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), base_url, "--only-audits=installable-manifest", "--output=json", "--output-path=stdout",
         "--quiet", "--throttling-method=provided", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": str(CHROMIUM)})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["lighthouseVersion"] == "11.7.1"
    audit = report["audits"]["installable-manifest"]
    reasons = [item.get("reason") for item in (audit.get("details") or {}).get("items", [])]
    assert audit["score"] == 1, f"not installable: {reasons or audit.get('explanation')}"
    assert report["finalDisplayedUrl"].startswith(base_url)


def test_chromium_finds_no_installability_error_and_reads_the_manifest(chromium, base_url):
    context = chromium.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url, wait_until="networkidle")
        cdp = context.new_cdp_session(page)
        errors = [error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
        # Playwright's contexts are incognito ones, where Chromium installs nothing: that is the test's, not the site's.
        assert [error for error in errors if error != "in-incognito"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest["errors"], manifest["errors"]
        parsed = json.loads(manifest["data"])
        assert parsed["display"] == "standalone" and parsed["start_url"] == "./"
        assert {icon["sizes"] for icon in parsed["icons"]} == {"192x192", "512x512"}
        # The icons are real PNGs of the sizes they claim, drawn from the mark.
        for icon in parsed["icons"]:
            response = page.request.get(base_url + icon["src"])
            assert response.ok and response.headers["content-type"] == "image/png"
            body = response.body()
            width, height = struct.unpack(">II", body[16:24])
            assert f"{width}x{height}" == icon["sizes"]
            assert zlib.crc32(body[12:29]) == struct.unpack(">I", body[29:33])[0]
    finally:
        context.close()
