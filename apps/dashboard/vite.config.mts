import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const workspaceRoot = resolve(root, '../..');

/** Where the API listens in development; the API serves the built dashboard itself in production. */
const apiTarget = process.env['TRUCE_API_URL'] ?? 'http://localhost:3000';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: true },
  '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
};

/** The budget for the JavaScript a first visit downloads before anything shows (gzip). */
const INITIAL_JS_BUDGET_KB = 300;

/**
 * Prints the JavaScript the first page load needs: the entry chunk and every
 * chunk it imports statically, transitively (what `index.html` loads and
 * preloads), gzipped. Lazy chunks (the map, the filing form) are not counted.
 */
function initialJsReport(): Plugin {
  return {
    name: 'truce-monitor:initial-js',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
      let gzip = 0;
      let raw = 0;
      for (const fileName of initial) {
        const code = byName.get(fileName)!.code;
        raw += Buffer.byteLength(code);
        gzip += gzipSync(code, { level: 9 }).length;
      }
      const kb = (n: number) => (n / 1024).toFixed(1);
      const verdict = gzip / 1024 <= INITIAL_JS_BUDGET_KB ? 'within' : 'OVER';
      this.info(
        `initial JS: ${kb(gzip)} KB gzip (${kb(raw)} KB raw) in ${initial.size} chunk(s); ${verdict} the ${INITIAL_JS_BUDGET_KB} KB budget`,
      );
      if (verdict === 'OVER') this.error(`initial JS ${kb(gzip)} KB gzip is over the ${INITIAL_JS_BUDGET_KB} KB budget`);
    },
  };
}

export default defineConfig({
  root,
  cacheDir: resolve(workspaceRoot, 'node_modules/.vite/apps/dashboard'),
  plugins: [react(), initialJsReport()],
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
