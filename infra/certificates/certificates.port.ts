/** Moved to domain/ports/certificates.port.ts (the use cases issue through it). */
export * from '../../domain/ports/certificates.port.ts';
