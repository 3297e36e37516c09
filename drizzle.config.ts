import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './infra/db/tables/*.table.ts',
  out: './infra/db/migrations',
});
