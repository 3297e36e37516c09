/** Moved to domain/certificate/certificate-status.ts (pure data). */
export * from '../../domain/certificate/certificate-status.ts';
