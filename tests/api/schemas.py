"""The HSDS 3.0 schemas (partnernet/api/hsds-3.0, and tests/api/hsds-3.0), for checking the
API's answers with jsonschema (Draft 2020-12). The files refer to each other by name
("taxonomy.json"): a registry holds each under its name, so a reference resolves as in the
specification's compiled schemas."""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FOLDERS = (Path(__file__).parents[2] / "partnernet" / "api" / "hsds-3.0",
           Path(__file__).with_name("hsds-3.0"))


@functools.cache
def _registry() -> Registry:
    resources = []
    for path, name in _schema_files():
        if name == "openapi.json":
            continue
        contents = {**json.loads(path.read_text()), "$id": name}
        resources.append((name, Resource.from_contents(
            contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def _schema_files():
    """Each schema file, with its name relative to its folder ("compiled/service.json")."""
    for folder in FOLDERS:
        for path in folder.glob("**/*.json"):
            yield path, path.relative_to(folder).as_posix()


@functools.cache
def openapi() -> dict:
    return json.loads((FOLDERS[0] / "openapi.json").read_text())


def assert_valid(instance, schema_name: str) -> None:
    """`instance` meets the HSDS schema of that file (e.g. "taxonomy_term.json",
    "compiled/organization_list.json")."""
    schema = _registry().contents(schema_name)
    validator = Draft202012Validator(schema, registry=_registry(),
                                     format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def assert_page_of(body: dict, schema_name: str) -> None:
    """A paged answer: the OpenAPI document's Page, with each item meeting the schema."""
    page_schema = openapi()["components"]["schemas"]["Page"]
    errors = list(Draft202012Validator(page_schema).iter_errors(body))
    assert not errors, errors[0].message
    assert set(page_schema["properties"]) <= set(body), "a Page gives all its fields"
    assert isinstance(body["contents"], list)
    for item in body["contents"]:
        assert_valid(item, schema_name)
