import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const workspaceRoot = resolve(root, '../..');

/** Where the API listens in development; the API serves the built dashboard itself in production. */
const apiTarget = process.env['TRUCE_API_URL'] ?? 'http://localhost:3000';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: true },
  '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
};

export default defineConfig({
  root,
  cacheDir: resolve(workspaceRoot, 'node_modules/.vite/apps/dashboard'),
  plugins: [react()],
  resolve: {
    // Bundle the domain lib from its sources: no build step in between, and its
    // `.js`-suffixed relative imports resolve to the `.ts` files.
    alias: [{ find: /^@truce-monitor\/domain$/, replacement: resolve(workspaceRoot, 'libs/domain/src/index.ts') }],
  },
  build: {
    outDir: resolve(workspaceRoot, 'dist/apps/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { port: 4200, strictPort: true, proxy },
  preview: { port: 4300, strictPort: true, proxy },
});
