/** A clock tests move by hand: cadences and reminders are tested in minutes without sleeping. */
export class TestClock {
  private ms: number;
  constructor(start: Date | string = '2026-11-23T10:00:00Z') {
    this.ms = new Date(start).getTime();
  }
  readonly now = (): Date => new Date(this.ms);
  readonly nowMs = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
}
