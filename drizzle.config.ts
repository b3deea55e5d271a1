import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./main/db/schema.ts', './main/db/schema-timed.ts', './main/db/schema-cluster.ts'],
  out: './resources/migrations',
});
