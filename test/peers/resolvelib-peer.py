"""resolvelib peer: the engine inside pip (pip._vendor.resolvelib), driven by a small provider that
reads the same graph JSON snapshots Maat reads and evaluates markers for the same environment.

Usage: python3 resolvelib-peer.py --index FILE [--index FILE ...] --python 3.8 [--platform linux]
       [--timeout SECONDS] REQUIREMENT ...
Prints one JSON object: {"satisfiable", "packages", "load_ms", "solve_ms", "rounds", "error"?}.

Preference mirrors pip's get_preference: pinned first, then depth from the user's requirements,
then the order the user gave them, then non-free requirements, then the name. Versions newest
first; prereleases only when all versions of a project are prereleases or a root requirement
names one (as Maat's default policy); markers evaluated with packaging.
"""
import argparse, json, math, signal, sys, time
from pip._vendor.resolvelib import BaseReporter, Resolver, AbstractProvider
from pip._vendor.resolvelib.resolvers import ResolutionImpossible, ResolutionTooDeep
from packaging.requirements import Requirement, InvalidRequirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version, InvalidVersion
from packaging.utils import canonicalize_name


def environment(python, platform):
    full = python if python.count(".") >= 2 else python + ".0"
    sys_platform = {"linux": "linux", "macos": "darwin", "windows": "win32"}[platform]
    return {
        "implementation_name": "cpython", "implementation_version": full, "os_name": "nt" if platform == "windows" else "posix",
        "platform_machine": "AMD64" if platform == "windows" else "x86_64",
        "platform_release": "", "platform_system": {"linux": "Linux", "macos": "Darwin", "windows": "Windows"}[platform],
        "platform_version": "", "python_full_version": full, "platform_python_implementation": "CPython",
        "python_version": ".".join(full.split(".")[:2]), "sys_platform": sys_platform,
    }


class Candidate:
    __slots__ = ("name", "version", "extras", "deps")

    def __init__(self, name, version, extras, deps):
        self.name, self.version, self.extras, self.deps = name, version, extras, deps


def load(paths, env):
    projects = {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for name, versions in data.items():
            entry = projects.setdefault(canonicalize_name(name), {})
            for v, meta in versions.items():
                try:
                    version = Version(v)
                except InvalidVersion:
                    continue
                deps = meta.get("dependencies", meta.get("requires_dist")) or []
                rp = meta.get("requires_python")
                if rp:
                    try:
                        if not SpecifierSet(rp).contains(env["python_full_version"], prereleases=True):
                            continue
                    except Exception:
                        continue
                if meta.get("yanked"):
                    continue
                entry[version] = deps
    return projects


class Provider(AbstractProvider):
    def __init__(self, projects, env, user_requested, explicit_pre):
        self.projects, self.env, self.user_requested, self.explicit_pre = projects, env, user_requested, explicit_pre
        self.depths = {}

    def identify(self, requirement_or_candidate):
        r = requirement_or_candidate
        name = canonicalize_name(r.name)
        extras = sorted(canonicalize_name(e) for e in r.extras)
        return f"{name}[{','.join(extras)}]" if extras else name

    def get_preference(self, identifier, resolutions, candidates, information, backtrack_causes):
        ops = [s.operator for r, _ in information[identifier] for s in r.specifier]
        pinned = any(op[:2] == "==" for op in ops)
        if identifier in self.user_requested:
            depth = 1.0
        else:
            parents = [self.depths.get(self.identify(p), math.inf) if p is not None else 0.0 for _, p in information[identifier]]
            depth = (min(parents) + 1.0) if parents else math.inf
        self.depths[identifier] = depth
        return (not pinned, depth, self.user_requested.get(identifier, math.inf), not ops, identifier)

    def find_matches(self, identifier, requirements, incompatibilities):
        base = identifier.split("[")[0]
        extras = tuple(identifier[len(base) + 1:-1].split(",")) if "[" in identifier else ()
        versions = self.projects.get(base, {})
        reqs = list(requirements[identifier])
        bad = {c.version for c in incompatibilities[identifier]}
        allow_pre = base in self.explicit_pre or all(v.is_prerelease for v in versions)
        out = []
        for v in sorted(versions, reverse=True):
            if v in bad or (v.is_prerelease and not allow_pre):
                continue
            if all(r.specifier.contains(v, prereleases=True) for r in reqs):
                out.append(Candidate(base, v, extras, None))
        return out

    def is_satisfied_by(self, requirement, candidate):
        return requirement.specifier.contains(candidate.version, prereleases=True)

    def parsed(self, name, version):
        """Requirements are parsed lazily, once per candidate, as pip reads metadata lazily."""
        deps = self.projects[name][version]
        if deps and isinstance(deps[0], str):
            try:
                deps = [Requirement(d) for d in deps]
            except InvalidRequirement:
                deps = []
            self.projects[name][version] = deps
        return deps

    def get_dependencies(self, candidate):
        reqs = self.parsed(candidate.name, candidate.version)
        out = []
        if candidate.extras:
            out.append(Requirement(f"{candidate.name}=={candidate.version}"))
            for extra in candidate.extras:
                for r in reqs:
                    if r.marker is not None and r.marker.evaluate({**self.env, "extra": extra}) and not r.marker.evaluate({**self.env, "extra": ""}):
                        out.append(r)
        else:
            for r in reqs:
                if r.marker is None or r.marker.evaluate({**self.env, "extra": ""}):
                    out.append(r)
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", action="append", required=True)
    ap.add_argument("--python", default="3.8")
    ap.add_argument("--platform", default="linux")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("requirements", nargs="+")
    args = ap.parse_args()
    env = environment(args.python, args.platform)
    t0 = time.perf_counter()
    projects = load(args.index, env)
    t1 = time.perf_counter()
    roots = [Requirement(r) for r in args.requirements]
    roots = [r for r in roots if r.marker is None or r.marker.evaluate({**env, "extra": ""})]
    user = {}
    explicit_pre = set()
    provider = Provider(projects, env, user, explicit_pre)
    for i, r in enumerate(roots):
        user.setdefault(provider.identify(r), i)
        if any(Version(s.version.rstrip(".*")).is_prerelease for s in r.specifier if s.operator not in ("===", "!=")):
            explicit_pre.add(canonicalize_name(r.name))

    def on_alarm(signum, frame):
        raise TimeoutError()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, args.timeout)
    result = {"load_ms": (t1 - t0) * 1000}
    try:
        state = Resolver(provider, BaseReporter()).resolve(roots, max_rounds=2_000_000)
        pins = {name: str(c.version) for name, c in state.mapping.items() if "[" not in name}
        result.update(satisfiable=True, packages=dict(sorted(pins.items())))
    except ResolutionImpossible:
        result.update(satisfiable=False)
    except ResolutionTooDeep:
        result.update(satisfiable=None, error="too deep")
    except TimeoutError:
        result.update(satisfiable=None, error=f"timeout after {args.timeout}s")
    signal.setitimer(signal.ITIMER_REAL, 0)
    result["solve_ms"] = (time.perf_counter() - t1) * 1000
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
