/**
 * int64 keys like Zeebe's (partition 1 prefix 2^51). Each engine process takes a block id from the
 * database sequence and hands out 2^20 keys under it synchronously, so a step never waits for a key.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type EngineDb } from './database.ts';

const PARTITION = 1n << 51n;
const BLOCK = 1n << 20n;

export class KeyAllocator {
  private next = 0n;
  private end = 0n;

  constructor(private readonly db: EngineDb) {}

  /** Makes sure at least `count` keys are available without I/O. */
  async ensure(count = 10_000): Promise<void> {
    if (this.end - this.next >= BigInt(count)) return;
    const rows = await queryRows<{ block: string }>(this.db, sql`select nextval('engine_key_seq')::text as block`);
    const block = BigInt(rows[0]!.block);
    this.next = PARTITION + block * BLOCK;
    this.end = this.next + BLOCK;
  }

  take = (): string => {
    if (this.next >= this.end) throw new Error('key block exhausted: call ensure() before a step');
    const key = this.next;
    this.next += 1n;
    return key.toString();
  };
}
