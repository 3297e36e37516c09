/** Where a use case reads the time (the system clock, or demo/test time that moves when told). */
export interface Clock {
  now(): Date;
}
