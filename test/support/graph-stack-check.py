"""Checks stacks against a graph JSON file with Python's `packaging`, independently of Maat.

Usage: graph-stack-check.py GRAPH.json PYTHON_VERSION REQUIREMENT... < stacks (one JSON object with
a "packages" map per line). Prints a JSON list of problems per stack: a pinned version missing from
the graph, a requirement (root or of a pinned version, markers evaluated with its requested extras
on linux x86_64 CPython) not satisfied by the pins, a pinned package nothing requires.
"""
import json
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

graph_path, python, *roots = sys.argv[1:]
graph = {canonicalize_name(k): v for k, v in json.load(open(graph_path)).items()}
env = {"python_version": ".".join(python.split(".")[:2]), "python_full_version": python if python.count(".") == 2 else python + ".0",
       "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
       "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def applies(req, extras):
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**env, "extra": e}) for e in (extras or {""}))


def check(pins):
    problems = []
    by_version = {}
    for name, version in pins.items():
        releases = graph.get(name, {})
        match = [v for v in releases if Version(v) == Version(version)]
        if not match:
            problems.append(f"{name}=={version} is not in the graph")
        else:
            by_version[name] = releases[match[0]]
    required = set()
    queue = [(Requirement(r), {""}) for r in roots]
    extras_seen = {}
    while queue:
        req, extras = queue.pop()
        if not applies(req, extras):
            continue
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req} is not satisfied: {name} is not pinned")
            continue
        if not req.specifier.contains(Version(pins[name]), prereleases=True):
            problems.append(f"{req} is not satisfied by {name}=={pins[name]}")
        wanted = {""} | set(req.extras)
        if name in extras_seen and wanted <= extras_seen[name]:
            continue
        extras_seen[name] = extras_seen.get(name, set()) | wanted
        required.add(name)
        for dep in (by_version.get(name) or {}).get("requires_dist") or []:
            queue.append((Requirement(dep), extras_seen[name]))
    for name in pins:
        if name not in required:
            problems.append(f"{name} is pinned but nothing requires it")
    return problems


print(json.dumps([check({canonicalize_name(k): v for k, v in json.loads(line)["packages"].items()}) for line in sys.stdin if line.strip()]))
