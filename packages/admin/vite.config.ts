import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/**
 * react-admin's page titles can be edited in place through its preferences inspector, which the portal never turns
 * on; the editor is a MUI TextField, and with it every input and select of MUI would be in the portal's first
 * download. This gives react-admin's Title the plain title (what it shows when nothing was edited) instead.
 */
function plainPageTitle(): Plugin {
  const ID = '\0throughline-plain-page-title:';
  return {
    name: 'throughline-plain-page-title',
    enforce: 'pre',
    resolveId(source, importer) {
      if (
        source === './PageTitleConfigurable.js' &&
        importer &&
        /ra-ui-materialui[\\/]dist[\\/]layout[\\/]Title\.js$/.test(importer)
      )
        return ID + path.dirname(importer);
      return null;
    },
    load(id) {
      if (!id.startsWith(ID)) return null;
      const pageTitle = JSON.stringify(path.join(id.slice(ID.length), 'PageTitle.js'));
      return `import * as React from 'react';
import { PageTitle } from ${pageTitle};
export const PageTitleConfigurable = ({ preferenceKey, ...props }) => React.createElement(PageTitle, props);`;
    },
  };
}

/** The portal: built into dist/ and served by the API at `/`; `npm run dev -w @throughline/admin` proxies the API. */
export default defineConfig({
  plugins: [react(), plainPageTitle()],
  resolve: {
    alias: {
      '@throughline/shared': path.resolve(import.meta.dirname, '../shared/src/index.ts'),
      // The native function instead of its ES5 polyfill (see shims/object-entries.cjs).
      'object.entries': path.resolve(import.meta.dirname, 'shims/object-entries.cjs'),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': 'http://localhost:4000',
      '/.well-known': 'http://localhost:4000',
      '/healthz': 'http://localhost:4000',
      '/auth': 'http://localhost:4000',
      '/imports': 'http://localhost:4000',
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Each language's messages (src/i18n/<language>/*.ts) in one chunk of its own, loaded before the first render
        // (English or Spanish) or when the person switches: one request instead of one per area (docs/i18n.md).
        codeSplitting: {
          groups: [
            { name: 'messages-en', test: /ra-language-english|[\\/]src[\\/]i18n[\\/]en[\\/]/ },
            { name: 'messages-es', test: /[\\/]src[\\/]i18n[\\/]es[\\/]/ },
          ],
        },
      },
    },
  },
});
