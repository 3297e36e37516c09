/**
 * Where a use case reports what someone should look at without refusing the action (a step recorded
 * as the system for want of the person behind it). infra's pino logger satisfies it.
 */
export interface Logger {
  warn(facts: Record<string, unknown>, message: string): void;
}
