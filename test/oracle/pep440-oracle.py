"""Oracle for core/pep440: answers batches of questions with the installed `packaging`.

Reads one JSON object from stdin and writes one JSON object to stdout:
  in:  {"versions": [text], "orders": [[i, j]], "sets": [text],
        "contains": [[set_index, version_index, pre]], "filters": [[set_index, [version_index], pre]]}
       (pre is null, true or false; version indexes point into "versions", which must be valid there)
  out: {"packaging": version, "versions": [canonical or null], "orders": [-1|0|1],
        "sets": [str or null], "contains": [bool or "error: ..."], "filters": [[version_index] or "error: ..."]}
"""
import json
import sys

import packaging
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def main() -> None:
    request = json.load(sys.stdin)
    versions = []
    canonical = []
    for text in request.get("versions", []):
        try:
            v = Version(text)
            versions.append(v)
            canonical.append(str(v))
        except (InvalidVersion, ValueError):
            versions.append(None)
            canonical.append(None)
    orders = []
    for i, j in request.get("orders", []):
        a, b = versions[i], versions[j]
        orders.append(-1 if a < b else (1 if a > b else 0))
    sets = []
    formatted = []
    for text in request.get("sets", []):
        try:
            s = SpecifierSet(text)
            sets.append(s)
            formatted.append(str(s))
        except InvalidSpecifier:
            sets.append(None)
            formatted.append(None)
    contains = []
    for si, vi, pre in request.get("contains", []):
        try:
            contains.append(bool(sets[si].contains(versions[vi], prereleases=pre)))
        except Exception as e:  # noqa: BLE001 - reported as a disagreement by the caller
            contains.append(f"error: {type(e).__name__}: {e}")
    filters = []
    for si, indexes, pre in request.get("filters", []):
        try:
            items = [(i, versions[i]) for i in indexes]
            filters.append([i for i, _ in sets[si].filter(items, prereleases=pre, key=lambda t: t[1])])
        except Exception as e:  # noqa: BLE001
            filters.append(f"error: {type(e).__name__}: {e}")
    json.dump(
        {"packaging": packaging.__version__, "versions": canonical, "orders": orders, "sets": formatted,
         "contains": contains, "filters": filters},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
