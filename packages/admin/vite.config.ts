import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/** The portal: built into dist/ and served by the API at `/`; `npm run dev -w @throughline/admin` proxies the API. */
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@throughline/shared': path.resolve(import.meta.dirname, '../shared/src/index.ts') },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': 'http://localhost:4000',
      '/.well-known': 'http://localhost:4000',
      '/healthz': 'http://localhost:4000',
      '/auth': 'http://localhost:4000',
    },
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
