import { defineConfig } from 'drizzle-kit';

// Generation only (`npm run db:generate`): needs no database. Migrations are applied by src/db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
