import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prepareI18n } from './i18n';

// The messages of the starting language (a chunk of their own) are loaded before the first render (docs/i18n.md).
void prepareI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
