import { describe, expect, it } from "vitest";
import { installableOn, supportedTags, wheelTags } from "./wheel-tags.js";

const file = (filename: string) => ({ filename, hashes: {}, requiresPython: null, yanked: false, uploadTime: null });

describe("wheel tags", () => {
  it("expands compressed tag sets", () => {
    expect(wheelTags("a-1.0-py2.py3-none-any.whl")).toEqual(["py2-none-any", "py3-none-any"]);
    expect(wheelTags("a-1.0.tar.gz")).toBeNull();
  });

  it("accepts the tags of the target and no others", () => {
    const linux = supportedTags({ python: "3.13", platform: "linux" });
    expect(linux.has("cp313-cp313-manylinux2010_x86_64")).toBe(true);
    expect(linux.has("cp39-abi3-manylinux_2_17_x86_64")).toBe(true);
    expect(linux.has("cp313-cp313-manylinux2010_aarch64")).toBe(false);
    expect(linux.has("cp312-cp312-manylinux2010_x86_64")).toBe(false);
    expect(linux.has("py3-none-macosx_10_0_ppc64")).toBe(false);
    const old = supportedTags({ python: "3.12", platform: "linux", glibcMinor: 17 });
    expect(old.has("cp312-cp312-manylinux_2_28_x86_64")).toBe(false);
    expect(old.has("cp312-cp312-manylinux2014_x86_64")).toBe(true);
    expect(supportedTags({ python: "3.11", platform: "windows" }).has("cp311-cp311-win_amd64")).toBe(true);
    expect(supportedTags({ python: "3.11", platform: "macos", machine: "arm64" }).has("cp311-cp311-macosx_11_0_arm64")).toBe(true);
  });

  it("decides installability from wheels, sdists, no-binary and no-build", () => {
    const ok = installableOn({ python: "3.12", platform: "linux" }, { noBinary: ["nb"], noBuild: ["nobuild"] });
    expect(ok("a", "1", [file("a-1-py3-none-macosx_10_0_ppc64.whl")])).toBe(false);
    expect(ok("a", "1", [file("a-1-py3-none-macosx_10_0_ppc64.whl"), file("a-1.tar.gz")])).toBe(true);
    expect(ok("nb", "1", [file("nb-1-py3-none-any.whl")])).toBe(false);
    expect(ok("nobuild", "1", [file("nobuild-1.tar.gz")])).toBe(false);
    expect(ok("a", "1", undefined)).toBe(true);
  });
});
