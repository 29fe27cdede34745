"""The API's OpenAPI 3.1 document (`/api/v1/openapi.json`): the HSDS 3.0 operations partnernet
answers, with the parameters as it takes them (and a place to search near), its problem
documents, and the HSDS schemas the answers meet, included, so that nothing in it needs the
internet. Built from hsds-3.0/ (CC BY-SA 4.0), so shared under that licence."""

import copy
import functools
import json
from pathlib import Path

from partnernet.api import parameters

FOLDER = Path(__file__).with_name("hsds-3.0")
LIST_SCHEMAS = ("organization_list", "service_list", "service_at_location_list")
NOT_ON_ONE_LINE = "^[^\\u0000-\\u001f\\u007f]*$"  # as partnernet.forms.NOT_ON_ONE_LINE

PARAMETERS = {
    "page": {"type": "integer", "minimum": 1, "maximum": parameters.MAX_PAGE, "default": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": parameters.MAX_PER_PAGE,
                 "default": parameters.DEFAULT_PER_PAGE},
    "search": {"type": "string", "maxLength": parameters.MAX_TEXT_LENGTH,
               "pattern": NOT_ON_ONE_LINE},
    "format": {"type": "string", "enum": ["json"]},
    "full": {"type": "boolean"},
    "full_service": {"type": "boolean"},
    "minimal": {"type": "boolean"},
    "top_only": {"type": "boolean"},
    "taxonomy_id": {"type": "string", "format": "uuid"},
    "taxonomy_term_id": {"type": "string", "format": "uuid"},
    "organization_id": {"type": "string", "format": "uuid"},
    "parent_id": {"type": "string", "format": "uuid"},
    "modified_after": {"type": "string", "format": "date-time"},
    "postcode": {"type": "string", "maxLength": parameters.MAX_TEXT_LENGTH,
                 "pattern": NOT_ON_ONE_LINE},
    "lat": {"type": "number", "minimum": -90, "maximum": 90},
    "lon": {"type": "number", "minimum": -180, "maximum": 180},
    "proximity": {"type": "integer", "minimum": 1, "maximum": parameters.MAX_PROXIMITY_METRES,
                  "default": parameters.DEFAULT_PROXIMITY_METRES},
}
DESCRIPTIONS = {
    "page": "Page number of paginated result.",
    "per_page": "Number of results requested in a single page.",
    "search": "Text the name (of a service: or its description) holds, in any case.",
    "format": "Only json.",
    "full": "Return fully nested records.",
    "full_service": "Accepted; organisations carry no nested records.",
    "minimal": "Return services with just their id, name, status and last_modified.",
    "top_only": "Only terms at the top of their taxonomy: all of them, as it is flat.",
    "taxonomy_id": "Only services with a term of this taxonomy.",
    "taxonomy_term_id": "Only services with this taxonomy term.",
    "organization_id": "Only services of this organization.",
    "parent_id": "Only terms under this term: none, as the taxonomy is flat.",
    "modified_after": "Only records changed at or after this moment (RFC 3339; without a "
                      "time zone, UTC).",
    "postcode": "A Dutch postcode (9711 or 9711 AB): only records within `proximity` of it, "
                "nearest first. Not with lat and lon.",
    "lat": "Latitude of a place (with lon): only records within `proximity` of it, nearest "
           "first.",
    "lon": "Longitude of a place (with lat).",
    "proximity": "With postcode, or lat and lon: how far from the place, in metres.",
}
PAGING = ("page", "per_page", "search", "format")
STREAMING = ("page", "per_page", "search", "format_or_stream")
SERVICE_FILTERS = ("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
                   "full", "postcode", "lat", "lon", "proximity")


@functools.cache
def document() -> dict:
    hsds = json.loads((FOLDER / "openapi.json").read_text())
    schemas = {path.stem: _local(json.loads(path.read_text()))
               for path in sorted(FOLDER.glob("*.json")) if path.stem != "openapi"}
    schemas |= {name: json.loads((FOLDER / "compiled" / f"{name}.json").read_text())
                for name in LIST_SCHEMAS}
    schemas["Page"] = hsds["components"]["schemas"]["Page"]
    schemas["Problem"] = PROBLEM
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "partnernet open data (Open Referral HSDS 3.0)",
            "version": "1.0.0",
            "summary": "Where residents find help with the municipality's (digital) services: "
                       "organisations, their services, and the places and hours they are "
                       "given at.",
            "description": "Read only, no account, any origin. Texts in Dutch or English "
                           "(Accept-Language). Errors are problem documents (RFC 9457). "
                           "Built on the HSDS 3.0 OpenAPI document and schemas of Open "
                           "Referral.",
            "license": {"name": "CC BY-SA 4.0",
                        "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(hsds["paths"]),
        "components": {"schemas": schemas, "parameters": {
            **{name: {"name": name, "in": "query", "required": False,
                      "description": DESCRIPTIONS[name], "schema": schema}
               for name, schema in PARAMETERS.items()},
            "format_or_stream": {
                "name": "format", "in": "query", "required": False,
                "description": "json: a page; ndjson: every service, one a line, without "
                               "pages (with modified_after: a full sync, removals included).",
                "schema": {"type": "string", "enum": ["json", "ndjson"]}}}},
    }


def _paths(hsds_paths: dict) -> dict:
    return {
        "/": _operation(hsds_paths["/"], (), ROOT),
        "/taxonomies": _operation(hsds_paths["/taxonomies"], PAGING, _page_of("taxonomy")),
        "/taxonomies/{id}": _one(hsds_paths["/taxonomies/{id}"], "taxonomy"),
        "/taxonomy_terms": _operation(
            hsds_paths["/taxonomy_terms"], (*PAGING, "taxonomy_id", "top_only", "parent_id"),
            _page_of("taxonomy_term")),
        "/taxonomy_terms/{id}": _one(hsds_paths["/taxonomy_terms/{id}"], "taxonomy_term"),
        "/organizations": _operation(hsds_paths["/organizations"],
                                     (*PAGING, "full_service", "full"),
                                     _page_of("organization_list")),
        "/organizations/{id}": _one(hsds_paths["/organizations/{id}"], "organization",
                                    ("full_service",)),
        "/services": _streaming(_operation(
            hsds_paths["/services"], (*STREAMING, *SERVICE_FILTERS, "minimal"),
            _page_of("service_list"))),
        "/services/{id}": _one(hsds_paths["/services/{id}"], "service"),
        "/service_at_locations": _operation(hsds_paths["/service_at_locations"],
                                            (*PAGING, *SERVICE_FILTERS),
                                            _page_of("service_at_location_list")),
        "/service_at_locations/{id}": _one(hsds_paths["/service_at_locations/{id}"],
                                           "service_at_location"),
        "/datapackage.zip": DATAPACKAGE,
    }


def _operation(hsds_path: dict, parameters: tuple[str, ...], answer: dict,
               path_parameters: tuple = ()) -> dict:
    """HSDS's operation (its id, summary, description) with our parameters and answers."""
    hsds_get = hsds_path["get"]
    get = {key: hsds_get[key] for key in ("operationId", "summary", "description")
           if key in hsds_get}
    get["parameters"] = [*path_parameters,
                         *({"$ref": f"#/components/parameters/{name}"} for name in parameters)]
    get["responses"] = {
        "200": {"description": "Found.", "content": {"application/json": {"schema": answer}}},
        "400": _problem("A parameter the API cannot use; `parameter` names it."),
        "404": _problem("Nothing (that residents may see) at this address."),
        "429": _too_many(),
    }
    return {"get": get}


def _streaming(operation: dict) -> dict:
    """The operation answers ndjson too: a stream of its records, one a line."""
    operation["get"]["responses"]["200"]["content"]["application/x-ndjson"] = {"schema": {
        "type": "array", "items": {"$ref": "#/components/schemas/service_list"},
        "description": "Each line one service (here: the lines, as a list)."}}
    return operation


def _one(hsds_path: dict, schema: str, parameters: tuple[str, ...] = ()) -> dict:
    path_id = {"in": "path", "name": "id", "required": True, "description": "The UUID.",
               "schema": {"type": "string", "format": "uuid"}}
    return _operation(hsds_path, parameters, {"$ref": f"#/components/schemas/{schema}"},
                      (path_id,))


def _page_of(schema: str) -> dict:
    return {"allOf": [{"$ref": "#/components/schemas/Page"}], "properties": {
        "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}}}


def _problem(description: str) -> dict:
    return {"description": description, "content": {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _too_many() -> dict:
    return {**_problem("Too many requests from this client."), "headers": {
        "Retry-After": {"description": "Seconds until the client may ask again.",
                        "schema": {"type": "integer"}}}}


def _local(schema):
    """The schema with its references to other HSDS files ("phone.json") made references into
    this document's components."""
    if isinstance(schema, dict):
        found = {key: _local(value) for key, value in schema.items()}
        reference = found.get("$ref")
        if isinstance(reference, str) and reference.endswith(".json"):
            found["$ref"] = f"#/components/schemas/{reference.removesuffix('.json')}"
        return found
    if isinstance(schema, list):
        return [_local(item) for item in schema]
    return copy.copy(schema)


DATAPACKAGE = {"get": {
    "operationId": "getDatapackage",
    "summary": "The whole directory as an HSDS tabular datapackage",
    "description": "A zip of one CSV file per HSDS table (organizations.csv, services.csv, "
                   "locations.csv, ...) and datapackage.json, which describes them: what the "
                   "other operations publish, at once. Texts in the Accept-Language.",
    "parameters": [],
    "responses": {
        "200": {"description": "The datapackage.", "content": {"application/zip": {
            "schema": {"type": "string", "format": "binary"}}}},
        "429": _too_many()}}}
ROOT = {"type": "object", "required": ["version"], "properties": {
    "version": {"type": "string", "description": "HSDS version of this API."},
    "openapi_url": {"type": "string", "format": "uri",
                    "description": "URL of this API's OpenAPI document."}}}
PROBLEM = {"type": "object", "required": ["type", "title", "status"], "properties": {
    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
    "detail": {"type": "string"},
    "parameter": {"type": "string", "description": "The query parameter at fault."}}}
