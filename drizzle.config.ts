import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // the embedded engine's tables live in engine/ (a product of its own) but in this database
  schema: ['./infra/db/tables/*.table.ts', './engine/store/tables.ts'],
  out: './infra/db/migrations',
});
