/**
 * A holiday rental's calendar: stays of a few nights one after another, with now and then
 * a few empty nights between, each guest with a temporary code valid from check-in to
 * check-out (B-CODE-8) that the host sends to the lock the morning of arrival.
 */
import type { SeededRandom } from "../seeded-random.ts";
import type { GuestModel } from "./usage-model.ts";
import type { RentalDay } from "./day-plan.ts";
import { chance, daysIn } from "./draws.ts";

export interface Stay {
  readonly checkInDay: number;
  readonly checkOutDay: number;
  /** Tries the code before check-in (it is refused: outside its window). */
  readonly early: boolean;
  /** Was sent a wrong code: tries until the keypad locks out, then calls the host (who puts it right). */
  confused: boolean;
  /** The guest's code, once the host has chosen it. */
  code: string | null;
  /** The host's message reached the lock (false while the radio is down). */
  codeSet: boolean;
}

export class GuestBook {
  private readonly model: GuestModel;
  /** The stay that checked in most recently (it may check out today), and the one before it. */
  current: Stay | null = null;
  previous: Stay | null = null;
  private upcoming: Stay;

  constructor(model: GuestModel, rng: SeededRandom, firstDay = 0) {
    this.model = model;
    this.upcoming = this.draw(rng, firstDay);
  }

  /** Moves the calendar to `day`; returns what the day holds. */
  startDay(day: number, rng: SeededRandom): RentalDay {
    if (this.upcoming.checkInDay === day) {
      this.previous = this.current;
      this.current = this.upcoming;
      this.upcoming = this.draw(
        rng,
        this.current.checkOutDay + (chance(rng, this.model.vacancyChance) ? daysIn(rng, [1, 3]) : 0),
      );
    }
    const leaving = this.leaving(day);
    const c = this.current;
    return {
      checkOut: leaving !== null,
      checkIn: c !== null && c.checkInDay === day,
      staying: c !== null && c.checkInDay < day && day < c.checkOutDay,
    };
  }

  /** The stay checking out today, if any. */
  leaving(day: number): Stay | null {
    if (this.current?.checkOutDay === day) return this.current;
    if (this.previous?.checkOutDay === day) return this.previous;
    return null;
  }

  /** The stay whose guest is at the door today (the arriving one, once check-out is past). */
  guestAt(day: number, leaving: boolean): Stay | null {
    return leaving ? this.leaving(day) : this.current;
  }

  private draw(rng: SeededRandom, checkInDay: number): Stay {
    const nights = daysIn(rng, this.model.stayNights);
    return {
      checkInDay,
      checkOutDay: checkInDay + nights,
      early: chance(rng, this.model.earlyShare),
      confused: chance(rng, this.model.confusedShare),
      code: null,
      codeSet: false,
    };
  }
}
