/**
 * Plays the lock's signals the way a person sees and hears them: each LED flash in turn
 * (green, red, amber as the signal counts them), and each beep through Web Audio together
 * with a visible pulse for people with the sound off. Signals arriving together queue up.
 */
import type { SignalRecordDto } from "./api-types.ts";

export type LedColor = "off" | "green" | "red" | "amber";

export const FLASH_ON_MS = 260;
export const FLASH_OFF_MS = 200;
export const BEEP_MS = 110;
export const BEEP_GAP_MS = 110;
export const LONG_BEEP_MS = 700;
/** A burst of more than this many signals (a skip of hours) plays only its newest. */
const MAX_QUEUED = 6;

export interface PlayerView {
  led(color: LedColor): void;
  beeping(on: boolean): void;
}

interface Step {
  atMs: number;
  run: () => void;
}

let audio: AudioContext | null = null;

/** Web Audio needs a user gesture first; the page calls this on the first press. */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
  } catch {
    audio = null; // no audio device: the pulse still shows every beep
  }
}

/** The page's audio context once a press unlocked it, else null (no sound yet, or no device). */
export function audioContext(): AudioContext | null {
  return audio;
}

function tone(durationMs: number, startInS: number): void {
  if (!audio || audio.state !== "running") return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = "square";
  osc.frequency.value = 2_700;
  const t0 = audio.currentTime + startInS;
  gain.gain.setValueAtTime(0, t0);
  gain.gain.linearRampToValueAtTime(0.06, t0 + 0.005);
  gain.gain.setValueAtTime(0.06, t0 + durationMs / 1000 - 0.01);
  gain.gain.linearRampToValueAtTime(0, t0 + durationMs / 1000);
  osc.connect(gain).connect(audio.destination);
  osc.start(t0);
  osc.stop(t0 + durationMs / 1000 + 0.02);
}

export class SignalPlayer {
  soundOn = true;
  private busyUntilMs = 0;
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly view: PlayerView) {}

  play(signals: readonly SignalRecordDto[]): void {
    const recent = signals.slice(-MAX_QUEUED);
    for (const s of recent) this.schedule(s);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.busyUntilMs = 0;
    this.view.led("off");
    this.view.beeping(false);
  }

  private schedule(s: SignalRecordDto): void {
    const now = performance.now();
    const start = Math.max(now, this.busyUntilMs);
    const steps: Step[] = [];
    let t = 0;
    const flashes: LedColor[] = [
      ...Array<LedColor>(s.green).fill("green"),
      ...Array<LedColor>(s.red).fill("red"),
      ...Array<LedColor>(s.amber).fill("amber"),
    ];
    for (const color of flashes) {
      steps.push({ atMs: t, run: () => this.view.led(color) });
      steps.push({ atMs: t + FLASH_ON_MS, run: () => this.view.led("off") });
      t += FLASH_ON_MS + FLASH_OFF_MS;
    }
    const flashEnd = t;
    t = 0;
    const beeps = [...Array<number>(s.beeps).fill(BEEP_MS), ...Array<number>(s.longBeeps).fill(LONG_BEEP_MS)];
    for (const ms of beeps) {
      const at = t;
      steps.push({
        atMs: at,
        run: () => {
          this.view.beeping(true);
          if (this.soundOn) tone(ms, 0);
        },
      });
      steps.push({ atMs: at + ms, run: () => this.view.beeping(false) });
      t += ms + BEEP_GAP_MS;
    }
    this.busyUntilMs = start + Math.max(flashEnd, t) + 150;
    for (const step of steps) this.timers.push(setTimeout(step.run, start - now + step.atMs));
    if (this.timers.length > 500) this.timers = this.timers.slice(-200);
  }
}
