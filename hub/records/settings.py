"""The hub's settings, kept in mkdocs.yml under `extra.hub` with the site's own.

mkdocs.yml is checked like a data file (`read_settings`): every setting the
hub reads gets a plain-English problem when it is the wrong type, not one of
its allowed values or not a web address, each as `mkdocs.yml:line: setting:
message`; a file YAML cannot read is one problem, never a traceback. A value
that is wrong is replaced by its default, so `load_settings` always answers.

mkdocs.yml is read as MkDocs reads it, but safely: `!ENV VAR` and
`!ENV [VAR, OTHER, default]` give the environment's value (pyyaml_env_tag,
the constructor MkDocs itself uses); other tags (such as the theme's
`!!python/name:`) are never run and read as nothing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml
import yaml_env_tag

from hub.records.problems import Problem
from hub.records.slips import explain_syntax_error
from hub.records.validate import describe_value, did_you_mean
from hub.records.yamlsource import split_lines

CONFIG_FILE = "mkdocs.yml"

# Every setting the hub reads, with its default; the type of each default is the type the setting must have.
DEFAULTS = {
    "site_name": "Resource hub",
    "site_url": "",
    "repository_url": "",
    "repository_branch": "main",
    "contact_email": "",
    "exit_url": "https://www.bbc.co.uk/weather",
    "review_interval_months": 12,
    # The highest reading age young people's words may have (hub/records/readingage.py).
    "young_people_reading_age": 11,
    # The name under an installed app's icon (the manifest, hub/build/offline.py); empty: site_name.
    "short_name": "",
    # The site engine that builds the pages (hub/build/engines.py): mkdocs or zensical.
    "engine": "mkdocs",
}
# MkDocs' own settings the hub reads, at the top of mkdocs.yml; the others are under extra.hub.
TOP_LEVEL = ("site_name", "site_url")
# Settings with a fixed set of values (a setting not in DEFAULTS is never checked here).
CHOICES: dict[str, tuple[str, ...]] = {"engine": ("mkdocs", "zensical")}
# Settings that are web addresses: links, the sitemap and "Exit this page" use them.
WEB_ADDRESSES = ("site_url", "repository_url", "exit_url")
# Whole-number settings: the least and the most each may be.
RANGES = {"review_interval_months": (1, 120), "young_people_reading_age": (6, 18)}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: !ENV as MkDocs reads it, any other tag as nothing (never run)."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path | str = ".") -> dict:
    """mkdocs.yml as plain data, read safely (see above); {} when there is none or it cannot be read."""
    path = Path(root) / CONFIG_FILE
    try:
        config = yaml.load(path.read_bytes(), Loader=_ConfigLoader) if path.exists() else {}
    except (yaml.YAMLError, OSError):
        return {}
    return config if isinstance(config, dict) else {}


def load_settings(root: Path | str = ".") -> dict:
    """The settings, with the default for any left out, empty or wrong (read_settings says which)."""
    return read_settings(root)[0]


def read_settings(root: Path | str = ".") -> tuple[dict, list[Problem]]:
    """(the settings, a Problem for each setting in mkdocs.yml the hub cannot use)."""
    found, problems = _read(Path(root) / CONFIG_FILE)
    settings = {**DEFAULTS, **{name: value for name, (value, _) in found.items() if value is not None}}
    settings["site_url"] = settings["site_url"].rstrip("/")
    settings["repository_url"] = settings["repository_url"].rstrip("/")
    return settings, problems


def _read(path: Path) -> tuple[dict, list[Problem]]:
    """setting -> (value, line) for every usable setting in mkdocs.yml, and the problems."""
    if not path.exists():
        return {}, []
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as error:
        return {}, [Problem(CONFIG_FILE, 1, "", f"cannot read the file ({error.strerror})")]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return {}, [Problem(CONFIG_FILE, line, "", f"byte 0x{raw[error.start]:02x} is not UTF-8 text; save the file as UTF-8")]
    try:
        document = yaml.compose(text, Loader=_ConfigLoader)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return {}, [Problem(CONFIG_FILE, line, "", f"the control character U+{error.character:04X} is not allowed; delete it")]
    except yaml.MarkedYAMLError as error:
        line, message = explain_syntax_error(error, split_lines(text))
        return {}, [Problem(CONFIG_FILE, line, "", message)]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly all errors
        return {}, [Problem(CONFIG_FILE, 1, "", f"this is not valid YAML ({error})".replace("\n", " "))]
    if document is None:
        return {}, []
    if not isinstance(document, yaml.MappingNode):
        return {}, [Problem(CONFIG_FILE, document.start_mark.line + 1, "", "expected the settings as 'name: value' lines")]

    loader = _ConfigLoader("")
    found, problems = {}, []
    top = _entries(document)
    entries = [(name, name, top[name]) for name in TOP_LEVEL if name in top]
    extra = top.get("extra", (None, None))[1]
    hub = _entries(extra).get("hub", (None, None))[1] if isinstance(extra, yaml.MappingNode) else None
    if hub is not None and not isinstance(hub, yaml.MappingNode) and not _is_empty(hub):
        problems.append(Problem(CONFIG_FILE, hub.start_mark.line + 1, "extra.hub", "expected the hub's settings as 'name: value' lines under it"))
    elif isinstance(hub, yaml.MappingNode):
        for name, (key, node) in _entries(hub).items():
            if name in DEFAULTS and name not in TOP_LEVEL:
                entries.append((name, f"extra.hub.{name}", (key, node)))
            else:
                problems.append(Problem(CONFIG_FILE, key.start_mark.line + 1, f"extra.hub.{name}",
                                        f"'{name}' is not a setting the hub reads{did_you_mean(name, [n for n in DEFAULTS if n not in TOP_LEVEL], 'settings')}",
                                        severity="warning"))
    for name, shown, (key, node) in entries:
        line = node.start_mark.line + 1
        try:
            value = loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            problems.append(Problem(CONFIG_FILE, line, shown, f"cannot be read ({getattr(error, 'problem', None) or error})"))
            continue
        message = setting_problem(name, value)
        if message:
            problems.append(Problem(CONFIG_FILE, line, shown, message))
        else:
            found[name] = (value, line)
    return found, problems


def _entries(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """name -> (key node, value node) of a mapping's plain keys; a repeated name keeps its last value, as MkDocs does."""
    return {key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def setting_problem(name: str, value) -> str | None:
    """Why `value` cannot be the setting `name` (None when it can, or when it is empty: the default applies)."""
    if value is None:
        return None
    default = DEFAULTS[name]
    if isinstance(default, int):
        least, most = RANGES.get(name, (None, None))
        if isinstance(value, bool) or not isinstance(value, int):
            hint = f"; write it without quotes: {name}: {value.strip()}" if isinstance(value, str) and value.strip().isdigit() else ""
            return f"expected a whole number, found {describe_value(value)}{hint}"
        if least is not None and not least <= value <= most:
            return f"{value} is not a whole number from {least} to {most}"
        return None
    if not isinstance(value, str):
        return f"expected text, found {describe_value(value)}; put it in quotes if it is meant as text"
    if name in CHOICES and value not in CHOICES[name]:
        return f"'{value}' is not allowed; use one of: {', '.join(CHOICES[name])}{did_you_mean(value, CHOICES[name])}"
    if name in WEB_ADDRESSES and value:
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            return f"'{value}' is not a web address; write it in full, starting with https://"
    return None


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
