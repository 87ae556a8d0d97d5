"""A reading of PEP 751's rules for pylock.toml (the packaging.python.org "pylock.toml Specification").

Usage: python3 pylock-check.py FILE...  Prints a JSON object {file: [problems]}; an empty list is a
file that follows the rules. Needs Python 3.11+ (tomllib) and `packaging`.
"""
import datetime
import hashlib
import json
import os
import re
import sys
import tomllib

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import InvalidVersion, Version

TOP_KEYS = {"lock-version", "environments", "requires-python", "extras", "dependency-groups", "default-groups", "created-by", "packages", "tool"}
PACKAGE_KEYS = {"name", "version", "marker", "requires-python", "dependencies", "vcs", "directory", "archive", "index", "sdist", "wheels", "attestation-identities", "tool"}
FILE_KEYS = {"name", "upload-time", "url", "path", "size", "hashes"}


def check_file_entry(where, entry, problems, kind):
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a table")
        return None
    for key in entry:
        if key not in FILE_KEYS and not (kind == "archive" and key == "subdirectory"):
            problems.append(f"{where}: unknown key {key!r}")
    if "url" not in entry and "path" not in entry:
        problems.append(f"{where}: url or path is required")
    for key in ("url", "path", "name"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{where}.{key}: expected a string")
    if "size" in entry and (not isinstance(entry["size"], int) or isinstance(entry["size"], bool) or entry["size"] < 0):
        problems.append(f"{where}.size: expected a non-negative integer")
    if "upload-time" in entry:
        t = entry["upload-time"]
        if not isinstance(t, datetime.datetime):
            problems.append(f"{where}.upload-time: expected a TOML datetime")
        elif t.tzinfo is None or t.utcoffset() != datetime.timedelta(0):
            problems.append(f"{where}.upload-time: must be recorded in UTC")
    hashes = entry.get("hashes")
    if not isinstance(hashes, dict) or not hashes:
        problems.append(f"{where}.hashes: required, a table with at least one entry")
    else:
        for algorithm, value in hashes.items():
            if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]+", value):
                problems.append(f"{where}.hashes.{algorithm}: expected a hex digest")
            if algorithm != algorithm.lower():
                problems.append(f"{where}.hashes.{algorithm}: algorithm keys should be lowercase")
            if algorithm in hashlib.algorithms_guaranteed and isinstance(value, str) and len(value) != hashlib.new(algorithm).digest_size * 2 and not algorithm.startswith("shake"):
                problems.append(f"{where}.hashes.{algorithm}: a {algorithm} digest has {hashlib.new(algorithm).digest_size * 2} hex digits")
        if not any(a in hashlib.algorithms_guaranteed for a in hashes):
            problems.append(f"{where}.hashes: no algorithm from hashlib.algorithms_guaranteed")
    name = entry.get("name")
    if name is None:
        source = entry.get("url") or entry.get("path") or ""
        name = re.split(r"[/\\]", source)[-1]
    return name


def check(path):
    problems = []
    base = os.path.basename(path)
    if not re.fullmatch(r"pylock\.([^.]+\.)?toml", base):
        problems.append(f"file name {base!r} does not match pylock.toml or pylock.NAME.toml")
    with open(path, "rb") as f:
        try:
            data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            return [f"not TOML: {e}"]
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"unknown top-level key {key!r}")
    if data.get("lock-version") != "1.0":
        problems.append(f"lock-version: required, \"1.0\" (got {data.get('lock-version')!r})")
    if not isinstance(data.get("created-by"), str) or not data.get("created-by"):
        problems.append("created-by: required, a string")
    for key in ("environments",):
        for i, marker in enumerate(data.get(key, [])):
            try:
                Marker(marker)
            except (InvalidMarker, TypeError) as e:
                problems.append(f"{key}[{i}]: not a marker: {e}")
    if "requires-python" in data:
        try:
            SpecifierSet(data["requires-python"])
        except (InvalidSpecifier, TypeError) as e:
            problems.append(f"requires-python: {e}")
    for key in ("environments", "extras", "dependency-groups", "default-groups"):
        if key in data and (not isinstance(data[key], list) or not all(isinstance(x, str) for x in data[key])):
            problems.append(f"{key}: expected an array of strings")
    if "tool" in data and not isinstance(data["tool"], dict):
        problems.append("tool: expected a table")
    packages = data.get("packages")
    if not isinstance(packages, list):
        return problems + ["packages: required, an array of tables"]
    seen = {}
    for i, p in enumerate(packages):
        where = f"packages[{i}]"
        if not isinstance(p, dict):
            problems.append(f"{where}: expected a table")
            continue
        for key in p:
            if key not in PACKAGE_KEYS:
                problems.append(f"{where}: unknown key {key!r}")
        name = p.get("name")
        if not isinstance(name, str) or canonicalize_name(name) != name:
            problems.append(f"{where}.name: required, a normalized name (got {name!r})")
            continue
        where = f"packages[{i}] ({name})"
        version = None
        if "version" in p:
            try:
                version = Version(p["version"])
            except (InvalidVersion, TypeError) as e:
                problems.append(f"{where}.version: {e}")
        if "marker" in p:
            try:
                Marker(p["marker"])
            except (InvalidMarker, TypeError) as e:
                problems.append(f"{where}.marker: {e}")
        if "requires-python" in p:
            try:
                SpecifierSet(p["requires-python"])
            except (InvalidSpecifier, TypeError) as e:
                problems.append(f"{where}.requires-python: {e}")
        for j, d in enumerate(p.get("dependencies", [])):
            if not isinstance(d, dict) or not isinstance(d.get("name"), str):
                problems.append(f"{where}.dependencies[{j}]: a table naming a package")
        sources = [k for k in ("vcs", "directory", "archive") if k in p]
        if len(sources) > 1 or (sources and ("sdist" in p or "wheels" in p)):
            problems.append(f"{where}: {', '.join(sources + [k for k in ('sdist', 'wheels') if k in p])} are mutually exclusive")
        if ("sdist" in p or "wheels" in p) and version is None:
            problems.append(f"{where}.version: should be specified with an sdist or wheels")
        if "index" in p and not isinstance(p["index"], str):
            problems.append(f"{where}.index: expected a URL string")
        if "sdist" in p:
            file = check_file_entry(f"{where}.sdist", p["sdist"], problems, "sdist")
            if file is not None and not (file.endswith(".tar.gz") or file.endswith(".zip")):
                problems.append(f"{where}.sdist: {file!r} is not an sdist file name")
        if "wheels" in p:
            if not isinstance(p["wheels"], list) or not p["wheels"]:
                problems.append(f"{where}.wheels: expected a non-empty array of tables")
            else:
                for j, w in enumerate(p["wheels"]):
                    file = check_file_entry(f"{where}.wheels[{j}]", w, problems, "wheel")
                    if file is None:
                        continue
                    try:
                        wname, wversion, _, _ = parse_wheel_filename(file)
                        if wname != name:
                            problems.append(f"{where}.wheels[{j}]: {file!r} is a wheel of {wname}")
                        if version is not None and wversion != version:
                            problems.append(f"{where}.wheels[{j}]: {file!r} is version {wversion}, not {version}")
                    except InvalidWheelFilename as e:
                        problems.append(f"{where}.wheels[{j}]: {e}")
        if name in seen and ("marker" not in p or "marker" not in packages[seen[name]]):
            problems.append(f"{where}: listed twice without markers to tell the entries apart")
        seen[name] = i
    return problems


if __name__ == "__main__":
    json.dump({path: check(path) for path in sys.argv[1:]}, sys.stdout)
