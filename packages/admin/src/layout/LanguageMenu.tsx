import TranslateIcon from '@mui/icons-material/Translate';
import { Button, Menu, MenuItem } from '@mui/material';
import { useEffect, useState, type MouseEvent } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { LANGUAGES } from '../i18n';
import { graphql, session } from '../portal';

const SAVE = `mutation SaveLanguage($input: MailProfileInput!) { mailProfileSet(input: $input) { effectiveLanguage } }`;

/**
 * The person's language, kept on their profile: the portal starts in it after sign-in on any browser (a reload keeps
 * what this browser last showed, then follows the profile). The profile's language is also the language of their mail
 * (packages/api/src/modules/mail; docs/i18n.md).
 */
export function useSavedLanguage(): void {
  const [locale, setLocale] = useLocaleState();
  const saved = session.viewer?.language;
  useEffect(() => {
    if (saved && saved !== locale) setLocale(saved);
  }, [saved, locale, setLocale]);
}

/**
 * Saves the language on the signed-in person's profile (and on the viewer at once, so useSavedLanguage agrees); on a
 * failure the viewer's saved language is put back and the promise rejects. Platform operators have no profile: their
 * choice stays in this browser.
 */
function saveLanguage(next: 'en' | 'es'): Promise<void> {
  const viewer = session.viewer;
  if (viewer?.kind !== 'STAFF') return Promise.resolve();
  const before = viewer.language;
  viewer.language = next;
  return graphql(SAVE, { input: { language: next === 'es' ? 'ES' : 'EN' } }).then(
    () => undefined,
    (error: unknown) => {
      viewer.language = before;
      throw error;
    },
  );
}

/** The language switcher in the app bar: switches at once and saves the choice on the person's profile. */
export function LanguageMenu() {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale, setLocale] = useLocaleState();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = LANGUAGES.find((l) => l.locale === locale) ?? LANGUAGES[0];

  const choose = (next: 'en' | 'es') => {
    setAnchor(null);
    if (next === locale) return;
    saveLanguage(next).catch(() => notify('tl.layout.language.not_saved', { type: 'warning' }));
    setLocale(next);
  };

  return (
    <>
      <Button
        color="inherit"
        startIcon={<TranslateIcon />}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-label={translate('tl.layout.language.button', { language: current.name })}
        onClick={(e: MouseEvent<HTMLElement>) => setAnchor(e.currentTarget)}
        lang={current.locale}
      >
        {current.name}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {LANGUAGES.map((l) => (
          <MenuItem
            key={l.locale}
            lang={l.locale}
            selected={l.locale === locale}
            onClick={() => choose(l.locale as 'en' | 'es')}
          >
            {l.name}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
