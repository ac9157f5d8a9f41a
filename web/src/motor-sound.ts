/**
 * The motor's whirr through Web Audio, the guides' main clue ("I hear the motor but the bolt
 * doesn't move", seed 000): a low buzz while the firmware drives the motor. A motor spinning
 * free (a disengaged clutch: a few tens of mA) whirrs higher than one pushing the bolt, as a
 * real one does. Needs the page's audio to be unlocked by a press first (signal-player.ts).
 */
import { audioContext } from "./signal-player.ts";

interface Voice {
  readonly stop: () => void;
  readonly tune: (freeSpin: boolean) => void;
}

export class MotorSound {
  private voice: Voice | null = null;

  /** Starts the whirr (or retunes it); a no-op without audio. */
  start(freeSpin: boolean): void {
    if (this.voice) {
      this.voice.tune(freeSpin);
      return;
    }
    const ctx = audioContext();
    if (!ctx || ctx.state !== "running") return;
    const t0 = ctx.currentTime;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.05, t0 + 0.04);
    const filter = ctx.createBiquadFilter();
    filter.type = "lowpass";
    filter.frequency.value = 1_200;
    const low = ctx.createOscillator();
    low.type = "sawtooth";
    const high = ctx.createOscillator();
    high.type = "square";
    // A wobble of a few hertz: gears meshing.
    const wobble = ctx.createOscillator();
    wobble.frequency.value = 9;
    const depth = ctx.createGain();
    depth.gain.value = 6;
    wobble.connect(depth);
    depth.connect(low.frequency);
    depth.connect(high.frequency);
    low.connect(filter);
    high.connect(filter);
    filter.connect(gain).connect(ctx.destination);
    const tune = (free: boolean): void => {
      const f = free ? 190 : 120;
      low.frequency.setTargetAtTime(f, ctx.currentTime, 0.05);
      high.frequency.setTargetAtTime(f * 2.01, ctx.currentTime, 0.05);
    };
    tune(freeSpin);
    for (const o of [low, high, wobble]) o.start(t0);
    this.voice = {
      tune,
      stop: () => {
        const t = ctx.currentTime;
        gain.gain.cancelScheduledValues(t);
        gain.gain.setValueAtTime(gain.gain.value, t);
        gain.gain.linearRampToValueAtTime(0, t + 0.06);
        for (const o of [low, high, wobble]) o.stop(t + 0.08);
      },
    };
  }

  stop(): void {
    this.voice?.stop();
    this.voice = null;
  }
}
