import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: `npm run db:generate` writes both migration folders.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./main/db/schema-pg.ts', './main/db/schema-pg-timed.ts', './main/db/schema-pg-cluster.ts', './main/db/schema-pg-integrations.ts'],
  out: './resources/migrations-pg',
});
