import { describe, expect, it } from "vitest";
import { parseDistributionFilename } from "./distribution-filename.js";

describe("parseDistributionFilename", () => {
  it("reads wheels, with and without a build tag", () => {
    expect(parseDistributionFilename("six-1.16.0-py2.py3-none-any.whl", "six")).toEqual({ kind: "wheel", version: "1.16.0" });
    expect(parseDistributionFilename("Foo_Bar-2.0rc1-1-cp38-cp38-manylinux1_x86_64.whl", "foo-bar")).toEqual({ kind: "wheel", version: "2.0rc1" });
    expect(parseDistributionFilename("six-1.0-py3-none.whl", "six")).toBeNull();
    expect(parseDistributionFilename("other-1.0-py3-none-any.whl", "six")).toBeNull();
  });

  it("reads sdists whose name contains dashes or differs in case and separators", () => {
    expect(parseDistributionFilename("Django-1.0.tar.gz", "django")).toEqual({ kind: "sdist", version: "1.0" });
    expect(parseDistributionFilename("zope.interface-5.1.0.zip", "zope-interface")).toEqual({ kind: "sdist", version: "5.1.0" });
    expect(parseDistributionFilename("python-dateutil-2.8.1.tar.gz", "python-dateutil")).toEqual({ kind: "sdist", version: "2.8.1" });
    expect(parseDistributionFilename("python-dateutil-2.8.1.tar.gz", "python")).toBeNull();
  });

  it("leaves out eggs, installers and other projects", () => {
    expect(parseDistributionFilename("six-1.0-py2.7.egg", "six")).toBeNull();
    expect(parseDistributionFilename("six-1.0.win32.exe", "six")).toBeNull();
    expect(parseDistributionFilename("sixer-1.0.tar.gz", "six")).toBeNull();
  });
});
