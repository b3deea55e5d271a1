import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./main/db/schema.ts', './main/db/schema-timed.ts', './main/db/schema-cluster.ts', './main/db/schema-integrations.ts'],
  out: './resources/migrations',
});
