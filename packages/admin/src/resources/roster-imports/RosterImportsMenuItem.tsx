import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Menu, useCanAccess } from 'react-admin';

/** The menu's way to the Roster import page, for district admins. */
export function RosterImportsMenuItem() {
  const { canAccess } = useCanAccess({ resource: 'rosterImports', action: 'list' });
  if (!canAccess) return null;
  return <Menu.Item to="/roster-imports" primaryText="tl.rosterImports.menu" leftIcon={<UploadFileIcon />} />;
}
