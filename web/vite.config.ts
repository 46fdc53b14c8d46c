import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The operations console. `npm run build:web` writes a static bundle to dist/web, which the API
 * server serves; `vite --config web/vite.config.ts` runs a dev server that forwards /api to
 * QIAO_API_URL (default http://127.0.0.1:8080).
 */
const apiUrl = process.env.QIAO_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Absolute, so the build works whatever the working directory (same as root: 'web' from the repo root).
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // ECharts alone is ~600 kB minified; the console is served locally, so one chunk is fine.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': apiUrl, '/healthz': apiUrl, '/metrics': apiUrl },
  },
});
