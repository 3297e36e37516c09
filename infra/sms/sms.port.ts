/** Moved to domain/ports/sms.port.ts (the use cases send through it). */
export * from '../../domain/ports/sms.port.ts';
