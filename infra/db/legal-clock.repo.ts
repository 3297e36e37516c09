/**
 * Legal clocks as rows: each clock keeps its event list (domain/clock) and a status projection the
 * sweep queries. Appending an event re-evaluates the clock, so an illegal sequence (resume when
 * running, an event after stop…) is refused with the domain's error and nothing is written.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { ClockEvent, ClockKind } from '../../domain/clock/clock-event.ts';
import { evaluateClock, type ClockState } from '../../domain/clock/legal-clock.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { DayUnit } from '../../domain/calendar/day-scale.ts';
import { DomainError } from '../../domain/errors.ts';
import type { DbOrTx, Tx } from './client.ts';
import { legalClock } from './schema.ts';

type StoredEvent = Omit<ClockEvent, 'at'> & { at: string };

/** Clock events as stored (jsonb, instants as ISO strings) back to domain events. */
export const reviveClockEvents = (events: unknown[]): ClockEvent[] =>
  (events as StoredEvent[]).map((e) => ({ ...e, at: new Date(e.at) }) as ClockEvent);
const store = (events: ClockEvent[]): StoredEvent[] => events.map((e) => ({ ...e, at: e.at.toISOString() }));

export const toClockRow = (row: typeof legalClock.$inferSelect): ClockRow => ({
  id: row.id,
  caseId: row.caseId,
  kind: row.kind,
  regionCode: row.regionCode,
  department: row.department,
  events: reviveClockEvents(row.events),
});

export interface ClockRow {
  id: string;
  caseId: string;
  kind: ClockKind;
  regionCode: string;
  department: string;
  events: ClockEvent[];
}

/** Starts a clock on its region's calendar (a redelivery finds it started and evaluates it). */
export async function startClock(
  tx: Tx,
  calendars: Calendars,
  clock: {
    id: string;
    caseId: string;
    kind: ClockKind;
    regionCode: string;
    department: string;
    limit: number;
    unit: DayUnit;
    at: Date;
  },
): Promise<ClockState> {
  const calendar = calendars.forRegion(clock.regionCode);
  const existing = await loadClock(tx, clock.id);
  if (existing) return evaluateClock(calendar, existing.events, clock.at);
  const events: ClockEvent[] = [
    { type: 'START', at: clock.at, kind: clock.kind, limit: clock.limit, unit: clock.unit },
  ];
  const state = evaluateClock(calendar, events, clock.at);
  await tx
    .insert(legalClock)
    .values({
      id: clock.id,
      caseId: clock.caseId,
      kind: clock.kind,
      regionCode: clock.regionCode,
      department: clock.department,
      status: state.status,
      events: store(events),
      updatedAt: clock.at,
    })
    .onConflictDoNothing();
  return state;
}

/** Appends an event, evaluated on the clock's region's calendar. */
export async function appendClockEvent(
  tx: Tx,
  calendars: Calendars,
  clockId: string,
  event: ClockEvent,
): Promise<ClockState> {
  const rows = await tx.select().from(legalClock).where(eq(legalClock.id, clockId)).for('update');
  const row = rows[0];
  if (!row) throw new DomainError('CLOCK_NOT_FOUND', `clock ${clockId} not found`, { field: 'clockId' });
  const events = [...reviveClockEvents(row.events), event];
  const state = evaluateClock(calendars.forRegion(row.regionCode), events, event.at);
  await tx
    .update(legalClock)
    .set({ events: store(events), status: state.status, updatedAt: event.at })
    .where(eq(legalClock.id, clockId));
  return state;
}

export async function loadClock(db: DbOrTx, clockId: string): Promise<ClockRow | null> {
  const row = (await db.select().from(legalClock).where(eq(legalClock.id, clockId)))[0];
  return row ? toClockRow(row) : null;
}

export async function clocksOfCase(db: DbOrTx, caseId: string): Promise<ClockRow[]> {
  const rows = await db.select().from(legalClock).where(eq(legalClock.caseId, caseId));
  return rows.map(toClockRow);
}

/** Every clock that has not stopped (running or paused), for the ladder sweep. */
export async function activeClocks(db: DbOrTx): Promise<ClockRow[]> {
  const rows = await db
    .select()
    .from(legalClock)
    .where(and(ne(legalClock.status, 'STOPPED')));
  return rows.map(toClockRow);
}

/** The clocks of many cases at once (optionally of some kinds only). */
export async function clocksOfCases(
  db: DbOrTx,
  caseIds: readonly string[],
  kinds?: readonly ClockKind[],
): Promise<ClockRow[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .select()
    .from(legalClock)
    .where(and(inArray(legalClock.caseId, [...caseIds]), ...(kinds ? [inArray(legalClock.kind, [...kinds])] : [])));
  return rows.map(toClockRow);
}
