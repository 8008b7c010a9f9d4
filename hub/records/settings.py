"""The hub's settings, kept in mkdocs.yml under `extra.hub` with the site's own."""

from __future__ import annotations

from pathlib import Path

import yaml

DEFAULTS = {
    "site_name": "Resource hub",
    "site_url": "",
    "repository_url": "",
    "repository_branch": "main",
    "contact_email": "",
    "exit_url": "https://www.bbc.co.uk/weather",
    "review_interval_months": 12,
    "engine": "mkdocs",
}


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely: tags such as !ENV or !!python/name become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path | str = ".") -> dict:
    """mkdocs.yml as plain data, read safely (tags such as !ENV read as None); {} when there is none."""
    path = Path(root) / "mkdocs.yml"
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) if path.exists() else {}
    return config or {}


def load_settings(root: Path | str = ".") -> dict:
    config = mkdocs_config(root)
    hub = (config.get("extra") or {}).get("hub") or {}
    settings = {**DEFAULTS, **{k: v for k, v in hub.items() if v is not None}}
    settings["site_name"] = config.get("site_name", settings["site_name"])
    settings["site_url"] = (config.get("site_url") or settings["site_url"]).rstrip("/")
    settings["repository_url"] = settings["repository_url"].rstrip("/")
    return settings


def repository_line_url(settings: dict, file: str, line: int) -> str:
    """The web address of `file` at `line` in the repository, or "" when none is configured."""
    return _repository_url(settings, "blob", file, line)


def repository_edit_url(settings: dict, file: str, line: int) -> str:
    """`file` opened in GitHub's web editor, or "" when no repository is configured. GitHub
    does not document line anchors for the editor; `#L<line>` has been seen to put the
    cursor on that line, and is otherwise ignored (the editor opens at the top)."""
    return _repository_url(settings, "edit", file, line)


def _repository_url(settings: dict, view: str, file: str, line: int) -> str:
    if not settings.get("repository_url"):
        return ""
    return f"{settings['repository_url']}/{view}/{settings.get('repository_branch') or 'main'}/{file}#L{line}"
