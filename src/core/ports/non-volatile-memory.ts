// The port through which the firmware core reaches its stored state (codes, settings, audit
// counters). The core never touches a file or a host API: the twin supplies a fake EEPROM, and a
// real board would supply its flash driver, both behind this interface.

/** Byte-addressed non-volatile memory (EEPROM/flash emulation). */
export interface NonVolatileMemory {
  readonly sizeBytes: number;
  read(offset: number, length: number): Uint8Array;
  /** Writes the bytes in order, one at a time; a power cut may stop it after any byte (the rest is not written). */
  write(offset: number, bytes: Uint8Array): void;
}
