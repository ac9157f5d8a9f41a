/**
 * Where the bridge hears Home Assistant's birth (docs/mqtt.md): `<discovery prefix>/status`
 * always, and Home Assistant's birth topic — its own option, `homeassistant/status` unless set —
 * or MQTT_BIRTH_TOPIC when the user set it apart.
 */
import { describe, expect, it } from "vitest";
import { birthTopicProblem, bridgeTopics, HOME_ASSISTANT_DEFAULT_BIRTH_TOPIC } from "./topics.ts";

describe("Home Assistant's birth topics", () => {
  it("the default prefix: one topic, homeassistant/status", () => {
    expect(bridgeTopics("latchkey", "homeassistant").homeAssistantBirthTopics()).toEqual([
      "homeassistant/status",
    ]);
  });

  it("a custom prefix: <prefix>/status and Home Assistant's default birth topic", () => {
    expect(bridgeTopics("latchkey", "ha").homeAssistantBirthTopics()).toEqual([
      "ha/status",
      HOME_ASSISTANT_DEFAULT_BIRTH_TOPIC,
    ]);
  });

  it("MQTT_BIRTH_TOPIC set: <prefix>/status and that topic", () => {
    expect(bridgeTopics("latchkey", "ha", "hass/birth").homeAssistantBirthTopics()).toEqual([
      "ha/status",
      "hass/birth",
    ]);
  });

  it("a birth topic with a wildcard, an empty level or under our own topics is refused", () => {
    for (const bad of ["ha/#", "ha/+/status", "ha//status", "/status", "", "latchkey/status", "latchkey"]) {
      expect(birthTopicProblem(bad, "latchkey"), bad).not.toBeNull();
      expect(() => bridgeTopics("latchkey", "ha", bad), bad).toThrow(/MQTT_BIRTH_TOPIC/);
    }
    expect(birthTopicProblem("hass/status", "latchkey")).toBeNull();
  });
});
