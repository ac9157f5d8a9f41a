/**
 * The events a fleet raises most (key presses, timers, the position switch, motor currents,
 * battery readings), each made by one literal with every field of those kinds present and in
 * the same order, so they share one hidden class: the firmware's reads of `type` and of each
 * field stay monomorphic in V8 rather than megamorphic over six shapes (issue 17: ~45 events a
 * lock-day). Fields an event's type does not use are undefined, which equality in tests and JSON
 * leave out. Such events are not frozen (a frozen object has a hidden class of its own); they
 * are read-only by their type. Any other literal of `CoreEvent` is as valid, only slower to read.
 */
import type { BoltPosition, CoreEvent, TimerName } from "./events.ts";
import type { KeyName } from "./keys.ts";

function shapedEvent(
  type: "key.down" | "key.up" | "timer" | "bolt.position" | "motor.current" | "battery.sample",
  key?: KeyName,
  name?: TimerName,
  position?: BoltPosition,
  by?: "key" | "thumbturn",
  currentMa?: number,
  supplyV?: number,
  restV?: number,
  temperatureC?: number,
): CoreEvent {
  return { type, key, name, position, by, currentMa, supplyV, restV, temperatureC } as CoreEvent;
}

export function keyEvent(type: "key.down" | "key.up", key: KeyName): CoreEvent {
  return shapedEvent(type, key);
}

export function timerEvent(name: TimerName): CoreEvent {
  return shapedEvent("timer", undefined, name);
}

export function boltPositionEvent(position: BoltPosition, by?: "key" | "thumbturn"): CoreEvent {
  return shapedEvent("bolt.position", undefined, undefined, position, by);
}

export function motorCurrentEvent(currentMa: number, supplyV: number): CoreEvent {
  return shapedEvent("motor.current", undefined, undefined, undefined, undefined, currentMa, supplyV);
}

export function batterySampleEvent(restV: number, temperatureC?: number): CoreEvent {
  return shapedEvent(
    "battery.sample",
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    restV,
    temperatureC,
  );
}
