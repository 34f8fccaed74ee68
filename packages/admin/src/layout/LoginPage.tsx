import {
  Alert,
  Box,
  Button,
  CardContent,
  CircularProgress,
  Divider,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { useLogin, useNotify, useTranslate } from 'react-admin';
import { LanguageMenu } from './LanguageMenu';
import { LoginFrame } from './LoginFrame';
import { request } from '../providers/graphql';
import { session } from '../portal';

/** A district one signs in to, and how (the API's public signInOptions). */
interface SignInDistrict {
  name: string;
  slug: string;
  passwordSignIn: boolean;
  providers: { id: string; name: string; preset: string; startUrl: string }[];
}

const OPTIONS = `query($email: String, $slug: String) {
  signInOptions(email: $email, districtSlug: $slug) { name slug passwordSignIn providers { id name preset startUrl } }
}`;

/** What the API's single sign-on said when it sent the browser back here (docs/sso.md lists the codes). */
const SSO_ERRORS = new Set([
  'UNKNOWN_PROVIDER',
  'PROVIDER_MISCONFIGURED',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_ERROR',
  'STATE_MISMATCH',
  'EXPIRED',
  'ID_TOKEN_INVALID',
  'EMAIL_MISSING',
  'EMAIL_UNVERIFIED',
  'DOMAIN_NOT_ALLOWED',
  'UNKNOWN_PERSON',
  'ACCOUNT_PENDING',
  'STAFF_INACTIVE',
  'IDENTITY_CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE',
]);

/** Query parameters of the hash route (#/login?sso_error=…) and of the page itself (/?district=…). */
function useParams(): URLSearchParams {
  const location = useLocation();
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of new URLSearchParams(location.search)) params.set(k, v);
  return params;
}

function domainOf(email: string): string | null {
  const match = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return match ? match[1].toLowerCase() : null;
}

/**
 * The sign-in page: email and password as before, and "Sign in with …" for the districts that use single sign-on,
 * chosen by the email's domain once it is typed, or by `?district=<slug>` in the URL. After single sign-on the API
 * sets the same refresh cookie a password sign-in does, and the portal restores the session from it.
 */
export function LoginPage() {
  const params = useParams();
  const slug = params.get('district');
  const ssoError = params.get('sso_error');
  const login = useLogin();
  const notify = useNotify();
  const translate = useTranslate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const domain = domainOf(email);
  // What was looked up last, and for which slug or domain: only the answer for the current one is shown.
  const lookup = slug ? `slug:${slug}` : domain ? `domain:${domain}` : null;
  const [found, setFound] = useState<{ lookup: string; districts: SignInDistrict[] } | null>(null);
  const districts = found && found.lookup === lookup ? found.districts : [];

  useEffect(() => {
    if (!lookup) return;
    let current = true;
    // A short pause after the last key, so typing an address asks once.
    const timer = setTimeout(
      () => {
        request<{ signInOptions: SignInDistrict[] }>(
          session.transport,
          OPTIONS,
          slug ? { slug } : { email: `x@${domain}` },
        )
          .then((data) => current && setFound({ lookup, districts: data.signInOptions }))
          .catch(() => current && setFound({ lookup, districts: [] }));
      },
      slug ? 0 : 300,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [lookup, slug, domain]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    try {
      await login({ username: email, password });
    } catch (error) {
      notify((error as Error).message || 'tl.providers.auth.wrong_password', { type: 'error' });
    } finally {
      setSubmitting(false);
    }
  };

  const providers = districts.flatMap((d) => d.providers.map((p) => ({ ...p, district: d.name })));
  const passwordsOff = districts.length > 0 && districts.every((d) => !d.passwordSignIn);
  const hint = email.trim() ? `&login_hint=${encodeURIComponent(email.trim())}` : '';

  return (
    <LoginFrame>
      <CardContent sx={{ width: 340 }}>
        {ssoError && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="sso-error">
            {translate(
              SSO_ERRORS.has(ssoError) ? `tl.layout.login.sso_errors.${ssoError}` : 'tl.layout.login.sso_failed',
            )}
          </Alert>
        )}
        {providers.length > 0 && (
          <Stack spacing={1} sx={{ mb: 2 }} aria-label={translate('tl.layout.login.sso')}>
            {districts.length === 1 && (
              <Typography variant="body2" color="text.secondary">
                {districts[0].name}
              </Typography>
            )}
            {providers.map((p) => (
              <Button key={p.id} variant="contained" href={`${p.startUrl}${hint}`} fullWidth>
                {translate('tl.layout.login.sign_in_with', { name: p.name })}
              </Button>
            ))}
            <Divider sx={{ pt: 1 }}>
              <Typography variant="caption" color="text.secondary">
                {translate(passwordsOff ? 'tl.layout.login.sso_only' : 'tl.layout.login.or_password')}
              </Typography>
            </Divider>
          </Stack>
        )}
        <Box component="form" onSubmit={submit} noValidate>
          <Stack spacing={2}>
            <TextField
              name="username"
              label={translate('ra.auth.email')}
              autoComplete="username"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <TextField
              name="password"
              label={translate('ra.auth.password')}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button type="submit" variant={providers.length ? 'outlined' : 'contained'} disabled={submitting}>
              {submitting ? <CircularProgress size={22} /> : translate('ra.auth.sign_in')}
            </Button>
          </Stack>
        </Box>
        <Box sx={{ mt: 2, display: 'flex', justifyContent: 'center' }}>
          <LanguageMenu />
        </Box>
      </CardContent>
    </LoginFrame>
  );
}
