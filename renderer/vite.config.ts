/** Builds the console into dist/renderer; the engine serves it and Electron loads it from disk. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Relative asset URLs so the same build works over http:// (serve) and file:// (Electron).
  base: './',
  plugins: [react()],
  resolve: {
    alias: { '@contract': here('../main/contract/index.ts') },
  },
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    // Electron 45 ships a recent Chromium; no need to down-level for old browsers.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `GDIAL_DEV_ENGINE=http://127.0.0.1:4321 npx vite --config renderer/vite.config.ts` proxies
    // the contract to a running engine while working on the console with hot reload. The engine
    // answers only Host names it knows (DNS rebinding): start it with GDIAL_ALLOWED_HOSTS=localhost:5173.
    proxy: process.env.GDIAL_DEV_ENGINE
      ? { '/rpc': { target: process.env.GDIAL_DEV_ENGINE, ws: true } }
      : undefined,
  },
});
