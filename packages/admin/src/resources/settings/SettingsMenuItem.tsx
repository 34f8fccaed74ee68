import SettingsIcon from '@mui/icons-material/Settings';
import { Menu, useCanAccess } from 'react-admin';

/** The menu's way to the settings page, for those who may change the district's settings. */
export function SettingsMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'settings', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to="/settings" primaryText="tl.settings.menu" leftIcon={<SettingsIcon />} />;
}
