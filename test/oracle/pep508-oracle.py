"""Oracle for core/pep508: answers batched questions with Python's `packaging`.

stdin: one JSON object {"ops": [op, ...]}; stdout: one JSON object {"version": ..., "results": [...]}.
ops:
  {"t": "marker", "text": str, "envs": [env], "extras": [str]}
  {"t": "req", "text": str, "envs": [env], "extras": [str] | null}   (null: the extras the marker mentions)
  {"t": "contains", "spec": str, "versions": [str]}                   (SpecifierSet.contains, prereleases None)
  {"t": "rp", "spec": str | null, "python": str}                      (Requires-Python as pip checks it)
Evaluations are listed per env, and per env per extra ("" first: extra unset).
"""
import json
import sys
import warnings

import packaging
from packaging.markers import Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

warnings.simplefilter("ignore")


def error_of(e):
    # ParserSyntaxError is wrapped; its message is the first line of str(e)
    cause = e.__cause__
    if cause is not None and hasattr(cause, "span"):
        return {"type": "syntax", "message": cause.message, "span": list(cause.span)}
    return {"type": type(e).__name__, "message": str(e)}


def evaluate(marker, env, extra):
    try:
        return {"ok": True, "value": marker.evaluate({**env, "extra": extra})}
    except UndefinedComparison:
        return {"ok": False, "kind": "undefined-comparison"}
    except (UndefinedEnvironmentName, KeyError):
        return {"ok": False, "kind": "undefined-variable"}
    except Exception as e:  # noqa: BLE001
        return {"ok": False, "kind": "error:" + type(e).__name__}


def marker_extras(markers, out):
    for m in markers:
        if isinstance(m, list):
            marker_extras(m, out)
        elif isinstance(m, tuple):
            lhs, _, rhs = m
            value = None
            if type(lhs).__name__ == "Variable" and lhs.value == "extra" and type(rhs).__name__ == "Value":
                value = rhs.value
            elif type(rhs).__name__ == "Variable" and rhs.value == "extra" and type(lhs).__name__ == "Value":
                value = lhs.value
            if value and value not in out:
                out.append(value)
    return out


def evaluations(marker, envs, extras):
    return [[evaluate(marker, env, x) for x in [""] + extras] for env in envs]


def do(op):
    t = op["t"]
    if t == "marker":
        try:
            m = Marker(op["text"])
        except Exception as e:  # noqa: BLE001
            return {"valid": False, "error": error_of(e)}
        return {"valid": True, "str": str(m), "evals": evaluations(m, op["envs"], op.get("extras") or [])}
    if t == "req":
        try:
            r = Requirement(op["text"])
        except Exception as e:  # noqa: BLE001
            return {"valid": False, "error": error_of(e)}
        out = {
            "valid": True,
            "str": str(r),
            "name": r.name,
            "extras": sorted(r.extras),
            "specifier": str(r.specifier),
            "url": r.url,
            "marker": None if r.marker is None else str(r.marker),
        }
        if r.marker is not None:
            extras = op.get("extras")
            if extras is None:
                extras = marker_extras(r.marker._markers, [])
            out["markerExtras"] = marker_extras(r.marker._markers, [])
            out["evals"] = evaluations(r.marker, op["envs"], extras)
        return out
    if t == "contains":
        s = SpecifierSet(op["spec"])
        return "".join("1" if s.contains(v) else "0" for v in op["versions"])
    if t == "rp":
        try:
            v = Version(op["python"])
        except Exception:  # noqa: BLE001
            return {"ok": False}
        if op["spec"] is None:
            return {"ok": True, "value": True}
        try:
            s = SpecifierSet(op["spec"])
        except Exception:  # noqa: BLE001
            return {"ok": False}
        return {"ok": True, "value": s.contains(v, prereleases=True)}
    raise ValueError(f"unknown op {t!r}")


def main():
    request = json.load(sys.stdin)
    results = [do(op) for op in request["ops"]]
    json.dump({"version": packaging.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
