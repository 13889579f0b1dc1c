"""The browser editor (Decap CMS): its configuration, generated from the JSON Schema,
and its place at /admin/ of the public build.

`make schema` writes scripts/editor/admin/config.yml from data/schema/*.schema.json:
one folder collection per one-record-per-file kind, labelled with the site's own
navigation label; field labels and hints from the schema's Finnish `title` and
`description`; required fields, patterns and choices enforced in the form; references
(`x-references`) as pickers showing the other record's Finnish name while the file keeps
the id; dates as date pickers. References to the small fixed sets (sectors, key actions,
countries), which are list files the editor does not open, are choices listed from data.
The production backend comes from scripts/editor/backend.yml; on 127.0.0.1 Decap uses
the local backend (decap-server) instead when it answers.
"""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .model import KINDS, one_record_per_file

ROOT = Path(__file__).resolve().parents[2]
LOCAL_BACKEND_PORT = 8081  # decap-server's default; `make edit` starts it there
EDITOR_DIR = Path("scripts") / "editor"
ADMIN_DIR = EDITOR_DIR / "admin"
CONFIG_FILE = ADMIN_DIR / "config.yml"
BUNDLE_DIR = EDITOR_DIR / "node_modules" / "decap-cms" / "dist"
# The content page whose navigation label names each kind's collection.
NAV_PAGES = {"actions": "actions/index.md", "activity_types": "activity-types/index.md",
             "themes": "themes/index.md", "projects": "projects/index.md", "glossary": "glossary.md",
             "sources": "about.md", "terms": ""}
SINGULAR = {"actions": "rahoitustoiminto", "activity_types": "toimintamuoto", "themes": "teema",
            "projects": "esimerkkihanke", "glossary": "termi", "sources": "lähde",
            "terms": "käsite"}
# Kinds without a page of their own: sources (listed on the about page), the term bank
# (used by `make check` and search, not shown as such).
OWN_LABELS = {"sources": "Lähteet", "terms": "Termipankki"}
# Finnish messages for the patterns of the schema (the form shows them under the field).
PATTERN_MESSAGES = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "vain pienet kirjaimet a–z, numerot ja väliviivat, esim. green-skills-vet",
    r"^\d{2}:\d{2}( [A-Z]{3,4})?$": "kellonaika muodossa 12:00 tai 12:00 CET",
    r"^https?://\S+$": "verkko-osoite, joka alkaa https://",
    r"^[A-Z]{2,4}$": "2–4 isoa kirjainta",
    r"^[a-z_]+$": "pienet kirjaimet ja alaviivat",
    r"^\d{4}-\d{2}-\d{2}$": "päivämäärä muodossa VVVV-KK-PP, esim. 2021-03-25",
}
TEXT_MESSAGE = "kirjoita teksti (ei tyhjä eikä TODO)"
SHORT_TEXTS = {"name", "title", "term", "round"}  # one line; other texts get a text area


def nav_labels(root: Path) -> dict[str, str]:
    """Each kind's Finnish navigation label, read from the site's navigation."""
    yaml = YAML(typ="rt")
    nav = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("nav") or []
    by_page: dict[str, str] = {}

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for label, target in item.items():
                    if isinstance(target, str):
                        by_page[target] = str(label)
                    elif isinstance(target, list):
                        walk(target)
    walk(nav)
    return {kind: OWN_LABELS.get(kind) or by_page.get(page, kind) for kind, page in NAV_PAGES.items()}


def _resolve(defs: dict, node: dict) -> dict:
    for _ in range(10):
        if "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        elif "anyOf" in node:
            node = next((n for n in node["anyOf"] if n.get("type") != "null"), {})
        else:
            return node
    return node


def _is_text(node: dict) -> bool:
    props = node.get("properties") or {}
    return "fi" in props and "sv" in props


def _hint(prop: dict) -> str | None:
    text = re.sub(r"\s*(The id of a record|A list of ids of records).*$", "", prop.get("description") or "")
    return text or None


def display_field(kind: str, schema: dict) -> str:
    """The field that names a record in Finnish, for lists and pickers."""
    defs = schema["$defs"]
    record = _resolve(defs, schema)
    required = set(record.get("required") or [])
    for name in ("name", "title", "term"):
        prop = record["properties"].get(name)
        if prop is not None and name in required and _is_text(_resolve(defs, prop)):
            return f"{name}.fi"
    return "title" if "title" in record["properties"] else "id"


def _choices_from_data(root: Path, kind: str) -> list[dict]:
    from .load import load
    db = load(root / "data", root)
    out = []
    for rid, record in db.kind(kind).items():
        name = getattr(record, "name", None)
        out.append({"label": f"{name.fi} ({rid})" if name is not None else rid, "value": rid})
    return out


def _text_fields(node: dict, widget: str) -> list[dict]:
    """The fields of a bilingual text: one per language (side by side in the form), and
    its `editorial` mark as an optional switch. Left untouched, the switch writes nothing
    to the file (no default), so a save changes only the fields the editor changed."""
    required = set(node.get("required") or [])
    out = []
    for lang, sub in node["properties"].items():
        field = {"name": lang, "label": sub.get("title") or lang}
        if sub.get("type") == "boolean":
            field.update(widget="boolean", hint=sub.get("description", ""))
        else:
            field["widget"] = widget
            if "pattern" in sub:
                field["pattern"] = [sub["pattern"], TEXT_MESSAGE]
        if lang not in required:
            field["required"] = False
        out.append(field)
    return out


class _Builder:
    def __init__(self, root: Path, schemas: dict[str, dict]):
        self.root, self.schemas = root, schemas
        self._choices: dict[str, list] = {}

    def choices(self, kind: str) -> list[dict]:
        if kind not in self._choices:
            self._choices[kind] = _choices_from_data(self.root, kind)
        return self._choices[kind]

    def fields(self, defs: dict, node: dict, required: set | None = None) -> list[dict]:
        required = set(node.get("required") or []) if required is None else required
        return [self.field(defs, name, prop, name in required) for name, prop in (node.get("properties") or {}).items()]

    def field(self, defs: dict, name: str, prop: dict, required: bool) -> dict:
        out: dict[str, Any] = {"name": name, "label": prop.get("title") or name}
        hint = _hint(prop)
        if hint:
            out["hint"] = hint
        if not required:
            out["required"] = False
        node = _resolve(defs, prop)
        ref = prop.get("x-references")
        many = node.get("type") == "array"
        if ref and one_record_per_file(ref) and ref in self.schemas:
            shown = display_field(ref, self.schemas[ref])
            out.update(widget="relation", collection=ref, value_field="id", search_fields=[shown, "id"],
                       display_fields=[shown], options_length=100)
            if many:
                out["multiple"] = True
                if node.get("minItems"):
                    out["min"] = node["minItems"]
        elif ref:
            out.update(widget="select", options=self.choices(ref))
            if many:
                out["multiple"] = True
                if node.get("minItems"):
                    out["min"] = node["minItems"]
        elif _is_text(node):
            out.update(widget="object", collapsed=False,
                       fields=_text_fields(node, "string" if name in SHORT_TEXTS else "text"))
        elif many:
            items = _resolve(defs, node.get("items") or {})
            out["widget"] = "list"
            if items.get("properties"):
                sub_fields = (self.fields(defs, items) if not _is_text(items) else
                              _text_fields(items, "text"))
                out["fields"] = sub_fields
                out["summary"] = "{{fields.fi}}" if _is_text(items) else "{{fields.%s}}" % sub_fields[0]["name"]
                out["collapsed"] = True
            else:
                out["field"] = {"name": "item", "label": out["label"], **self.scalar(items)}
            if node.get("minItems"):
                out["min"] = node["minItems"]
        elif node.get("properties"):
            out.update(widget="object", collapsed=True, fields=self.fields(defs, node))
        else:
            out.update(self.scalar(node))
        return out

    def scalar(self, node: dict) -> dict:
        if "enum" in node:
            return {"widget": "select", "options": list(node["enum"])}
        if node.get("type") == "integer":
            out = {"widget": "number", "value_type": "int"}
            for key, name in (("minimum", "min"), ("maximum", "max")):
                if key in node:
                    out[name] = node[key]
            return out
        if node.get("type") == "boolean":
            return {"widget": "boolean"}
        if node.get("format") == "date":
            # The date picker; the file keeps ISO dates (YYYY-MM-DD), the form shows 27.5.2021.
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "D.M.YYYY", "time_format": False,
                    "picker_utc": True}
        out = {"widget": "string"}
        if node.get("pattern"):
            out["pattern"] = [node["pattern"], PATTERN_MESSAGES.get(node["pattern"], "arvo ei ole oikeassa muodossa")]
        return out


def config(root: Path = ROOT) -> dict:
    schema_dir = root / "data" / "schema"
    schemas = {kind: json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))
               for kind in KINDS if one_record_per_file(kind)}
    labels = nav_labels(root)
    builder = _Builder(root, schemas)
    backend = YAML(typ="safe").load((root / EDITOR_DIR / "backend.yml").read_text(encoding="utf-8"))
    collections = []
    for kind, schema in schemas.items():
        defs = schema["$defs"]
        record = _resolve(defs, schema)
        shown = display_field(kind, schema)
        collections.append({
            "name": kind,
            "label": labels.get(kind, kind),
            "label_singular": SINGULAR.get(kind, kind),
            "folder": f"data/{kind}",
            "extension": "yaml",
            "format": "yaml",
            "create": True,
            "delete": False,
            "slug": "{{id}}",
            "identifier_field": "id",
            "summary": "{{id}} – {{%s}}" % shown,
            "sortable_fields": ["id", shown],
            "fields": builder.fields(defs, record),
        })
    return {
        **backend,
        # On 127.0.0.1/localhost only, and only while decap-server answers there (`make edit`):
        # files are written straight into the working tree, publish mode "simple". Anywhere
        # else Decap ignores it and uses `backend` above.
        "local_backend": {"url": f"http://127.0.0.1:{LOCAL_BACKEND_PORT}/api/v1"},
        "locale": "fi",
        "site_url": "../",
        "display_url": "../",
        # Required by Decap; the forms have no file or image fields, so nothing lands here.
        "media_folder": "overrides/assets/uploads",
        "public_folder": "/assets/uploads",
        "search": True,
        "editor": {"preview": False},  # the site's own preview (`make edit`) shows the real pages
        "collections": collections,
    }


HEADER = ("# The browser editor's configuration (Decap CMS). Generated by `make schema` from\n"
          "# data/schema/*.schema.json and scripts/editor/backend.yml: do not edit by hand.\n")


def config_text(root: Path = ROOT) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False
    buf = io.StringIO()
    yaml.dump(config(root), buf)
    return HEADER + buf.getvalue()


def bundle_files(root: Path = ROOT) -> list[Path]:
    """Decap's browser bundle: the main script, its lazy chunks and wasm, no source maps."""
    dist = root / BUNDLE_DIR
    if not dist.is_dir():
        return []
    return sorted(p for p in dist.iterdir()
                  if p.name == "decap-cms.js" or p.name.endswith(".decap-cms.js") or p.suffix == ".wasm"
                  or p.name == "decap-cms.js.LICENSE.txt")


def publish(site_dir: Path, root: Path = ROOT) -> bool:
    """Copy the editor to site_dir/admin/; False (nothing copied) when the npm packages
    are not installed (`npm ci` in scripts/editor, done by `make test` and `make edit`)."""
    files = bundle_files(root)
    if not files:
        return False
    target = site_dir / "admin"
    target.mkdir(parents=True, exist_ok=True)
    for path in [*sorted((root / ADMIN_DIR).iterdir()), *files]:
        if path.is_file():
            shutil.copyfile(path, target / path.name)
    return True
