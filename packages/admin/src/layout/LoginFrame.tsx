import LockIcon from '@mui/icons-material/Lock';
import { Avatar, Box, Card } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { useCheckAuth, useNavigate } from 'react-admin';

/**
 * react-admin's Login frame (the card on the dark backdrop, and straight to the dashboard when already signed in),
 * without the default login form it imports: that form brings react-hook-form and the form inputs into the portal's
 * first download, and the sign-in page has its own form.
 */
export function LoginFrame({ children }: { children: ReactNode }) {
  const checkAuth = useCheckAuth();
  const navigate = useNavigate();
  useEffect(() => {
    checkAuth({}, false)
      .then(() => navigate('/'))
      .catch(() => {
        // not signed in: stay here
      });
  }, [checkAuth, navigate]);
  return (
    <Box
      className="RaLogin-root"
      sx={{
        display: 'flex',
        flexDirection: 'column',
        minHeight: '100vh',
        alignItems: 'center',
        justifyContent: 'flex-start',
        backgroundImage: 'radial-gradient(circle at 50% 14em, #313264 0%, #00023b 60%, #00023b 100%)',
        px: 1,
      }}
    >
      <Card
        className="RaLogin-card"
        sx={{ minWidth: { xs: 0, sm: 300 }, width: { xs: '100%', sm: 'auto' }, maxWidth: 440, mt: '6em' }}
      >
        <Box sx={{ m: '1em', display: 'flex', justifyContent: 'center' }}>
          <Avatar sx={{ bgcolor: 'secondary.main' }}>
            <LockIcon />
          </Avatar>
        </Box>
        {children}
      </Card>
    </Box>
  );
}
