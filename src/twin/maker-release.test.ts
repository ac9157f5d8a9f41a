import { describe, expect, it } from "vitest";
import { publicKeyOf } from "../core/update/firmware-image.ts";
import { MAKER_PUBLIC_KEY, MAKER_SECRET_KEY } from "./maker-release.ts";

describe("the maker's release key", () => {
  it("the public key written out is the one derived from the maker's secret", () => {
    expect(MAKER_PUBLIC_KEY).toEqual(publicKeyOf(MAKER_SECRET_KEY));
    expect(MAKER_PUBLIC_KEY.length).toBe(32);
  });
});
