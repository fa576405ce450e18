"""Request-body validators built from the Klantinteracties OpenAPI file (vendor/klantinteracties).

OpenAPI 3.0 schemas are turned into JSON Schema (2020-12) for *requests*:
``#/components/schemas/X`` becomes ``#/$defs/X``; ``nullable`` allows ``null``; a
``readOnly`` property must not be sent (and is no longer required); objects with listed
properties accept no other keys, so a misspelt field name fails.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "vendor" / "klantinteracties" / "openapi.yaml"


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    if "type" in node and "allOf" not in node and "$ref" not in node:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        node["type"] = [*kinds, "null"]
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        return node
    return {"anyOf": [{"type": "null"}, node]}


def _object(node: dict[str, Any]) -> dict[str, Any]:
    properties = node["properties"]
    read_only = {name for name, sub in properties.items() if sub.get("readOnly")}
    node["properties"] = {
        name: False if name in read_only else convert(sub) for name, sub in properties.items()
    }
    if "required" in node:
        node["required"] = [name for name in node["required"] if name not in read_only]
    node.setdefault("additionalProperties", False)
    return node


def convert(schema: Any) -> Any:
    """One OpenAPI 3.0 schema node as JSON Schema for a request body."""
    if isinstance(schema, list):
        return [convert(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    node = dict(schema)
    if "$ref" in node:
        node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
    nullable = node.pop("nullable", False)
    for key in ("readOnly", "deprecated", "example", "description"):
        node.pop(key, None)
    if isinstance(node.get("properties"), dict):
        node = _object(node)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in node:
            node[key] = [convert(item) for item in node[key]]
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = convert(node[key])
    return _nullable(node) if nullable else node


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return loaded


def request_schema(name: str) -> dict[str, Any]:
    schemas = spec()["components"]["schemas"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {key: convert(value) for key, value in schemas.items()},
        "$ref": f"#/$defs/{name}",
    }


def operation_schema(path: str) -> dict[str, Any]:
    """The request schema of ``POST path``, as named by the OpenAPI file itself."""
    body = spec()["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return request_schema(body["schema"]["$ref"].rsplit("/", 1)[1])


@lru_cache(maxsize=4)
def validator(path: str) -> Any:
    import jsonschema

    schema = operation_schema(path)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(path: str, body: Any) -> list[str]:
    """Readable validation errors of ``body`` for ``POST path`` (empty: valid)."""
    found = validator(path).iter_errors(body)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in found]


@lru_cache(maxsize=4)
def named_validator(name: str) -> Any:
    import jsonschema

    schema = request_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def patch_errors(path: str, body: Any) -> list[str]:
    """Readable validation errors of ``body`` for ``PATCH path`` (empty: valid)."""
    operation = spec()["paths"][path]["patch"]["requestBody"]["content"]["application/json"]
    found = named_validator(operation["schema"]["$ref"].rsplit("/", 1)[1]).iter_errors(body)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in found]
