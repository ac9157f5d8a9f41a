import { describe, expect, it } from "vitest";
import { compareVersions, FIRMWARE_RELEASES } from "../../core/update/firmware-versions.ts";
import { matterSoftwareVersion, matterSoftwareVersionString } from "./software-version.ts";

describe("the firmware version as Matter's Basic Information carries it (issue 14)", () => {
  it("SoftwareVersion packs major.minor.patch into a uint32 in the versions' order", () => {
    expect(matterSoftwareVersion("1.0.0")).toBe(0x0001_0000);
    expect(matterSoftwareVersion("1.1.0")).toBe(0x0001_0100);
    expect(matterSoftwareVersion("2.3.4")).toBe(0x0002_0304);
    const versions = [
      ...FIRMWARE_RELEASES.map((r) => r.version),
      "1.1.255",
      "1.2.0",
      "1.255.300",
      "1.300.0",
      "1.300.5",
      "2.0.0",
      "65535.0.0",
      "99999.99999.99999",
    ].sort(compareVersions);
    const numbers = versions.map(matterSoftwareVersion);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThanOrEqual(numbers[i - 1]!);
    for (const n of numbers) expect(n).toBeLessThanOrEqual(0xffff_ffff);
  });

  it("a version the lock would not accept is 0 and its printable part, never an empty string", () => {
    expect(matterSoftwareVersion("v1.1")).toBe(0);
    expect(matterSoftwareVersionString("1.1.0")).toBe("1.1.0");
    expect(matterSoftwareVersionString("")).toBe("unknown");
    expect(matterSoftwareVersion(undefined)).toBe(0);
    expect(matterSoftwareVersionString(undefined)).toBe("unknown");
    expect(matterSoftwareVersionString("1.2\n\u00e9x".padEnd(100, "9"))).toHaveLength(64);
  });
});
