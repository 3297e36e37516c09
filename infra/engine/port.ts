/**
 * The engine port as infra's adapters see it: domain/ports/engine.port.ts with the transaction a
 * drizzle one. Everything else is the domain port itself.
 */
import type { Tx } from '../db/client.ts';
import type { EnginePort as Port } from '../../domain/ports/engine.port.ts';

export * from '../../domain/ports/engine.port.ts';
export type EnginePort = Port<Tx>;
