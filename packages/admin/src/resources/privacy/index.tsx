import PrivacyTipIcon from '@mui/icons-material/PrivacyTip';
import { Menu, useTranslate } from 'react-admin';
import { lazyNamed } from '../../common/lazyNamed';

const PrivacyPage = lazyNamed(() => import('./PrivacyPage'), 'PrivacyPage');

export const PRIVACY_PATH = '/privacy';

/** A page, not a resource: wired through src/routes.tsx. Everyone signed in reaches it. */
export const privacyRoute = { path: PRIVACY_PATH, element: <PrivacyPage /> };

/** The menu's way to the privacy page: for everyone (what Throughline holds, who read what you wrote). */
export function PrivacyMenuItem() {
  return <Menu.Item to={PRIVACY_PATH} primaryText="tl.privacy.menu" leftIcon={<PrivacyTipIcon />} />;
}

/** The line under every page: how Throughline handles personal data (plain elements: it is in the first download). */
export function PrivacyFooter() {
  const translate = useTranslate();
  return (
    <footer style={{ padding: '16px', textAlign: 'center', fontSize: '0.75rem' }}>
      <a href={`#${PRIVACY_PATH}`} style={{ color: 'inherit', opacity: 0.7 }}>
        {translate('tl.privacy.footer')}
      </a>
    </footer>
  );
}
