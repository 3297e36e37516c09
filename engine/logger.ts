/**
 * What the engine asks of a logger: the subset of pino it uses, so a pino logger (or anything shaped
 * like one) plugs in as it is. The message is a constant phrase; context goes in the object.
 */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface EngineLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): EngineLogger;
}

/** A logger that drops everything (the default when none is given). */
export const silentLogger: EngineLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
