import { request, type GraphQLTransport } from './graphql';

export interface EffectivePermission {
  permission: string;
  districtWide: boolean;
  schoolIds: string[];
  own: boolean;
}

export interface Viewer {
  kind: 'STAFF' | 'PLATFORM_OPERATOR';
  staffMember: { id: string; displayName: string; email: string } | null;
  operator: { id: string; displayName: string; email: string } | null;
  district: { id: string; name: string; timezone: string; academicYearStartMonth?: number } | null;
  roleAssignments: { role: string; scope: string; school: { id: string; name: string } | null }[];
  permissions: EffectivePermission[];
  /**
   * The language the portal speaks to the person: the one saved on their profile (the mail profile's language, which
   * is also the language of their mail), else their district's; null for platform operators, who have no profile.
   */
  language: 'en' | 'es' | null;
}

const VIEWER = `me { kind staffMember { id displayName email } operator { id displayName email } district { id name timezone academicYearStartMonth }
  roleAssignments { role scope school { id name } } permissions { permission districtWide schoolIds own } }`;

/** Whether an access token's claims name a district (people's tokens do; platform operators' do not). */
function tokenNamesDistrict(token: string): boolean {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return Boolean((JSON.parse(atob(payload)) as { district?: unknown }).district);
  } catch {
    return true;
  }
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The signed-in session of the portal. The access token lives in memory only; the refresh token is an httpOnly
 * cookie the browser sends to /graphql and scripts never see. A reload restores the session through that cookie.
 */
export class PortalSession {
  private accessToken: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private restoring: Promise<boolean> | null = null;
  viewer: Viewer | null = null;
  /** Called when a silent refresh fails: the portal then signs out. */
  onExpired: () => void = () => undefined;

  readonly transport: GraphQLTransport;

  constructor(endpoint = '/graphql', fetchImpl?: typeof fetch) {
    this.transport = { endpoint, token: () => this.accessToken, fetch: fetchImpl };
  }

  get signedIn(): boolean {
    return this.accessToken !== null;
  }

  async signIn(email: string, password: string): Promise<Viewer> {
    const data = await request<{ signIn: { accessToken: string; accessTokenExpiresAt: string } }>(
      this.transport,
      `mutation($input: SignInInput!) { signIn(input: $input) { accessToken accessTokenExpiresAt } }`,
      { input: { email, password, delivery: 'COOKIE' } },
    );
    return this.accept(data.signIn);
  }

  /** Trades the cookie for a new access token (and a new cookie). False when there is no live session. */
  async refresh(): Promise<boolean> {
    try {
      const data = await request<{ refreshSession: { accessToken: string; accessTokenExpiresAt: string } }>(
        this.transport,
        `mutation { refreshSession(input: {}) { accessToken accessTokenExpiresAt } }`,
      );
      await this.accept(data.refreshSession);
      return true;
    } catch {
      this.clear();
      return false;
    }
  }

  /** On page load: a session restored from the cookie, once, however many callers ask. */
  restore(): Promise<boolean> {
    if (this.signedIn) return Promise.resolve(true);
    this.restoring ??= this.refresh().finally(() => {
      this.restoring = null;
    });
    return this.restoring;
  }

  async signOut(): Promise<void> {
    try {
      await request(this.transport, `mutation { signOut(input: {}) { signedOut } }`);
    } finally {
      this.clear();
    }
  }

  private async accept(tokens: { accessToken: string; accessTokenExpiresAt: string }): Promise<Viewer> {
    this.accessToken = tokens.accessToken;
    // The saved language comes beside the viewer, in parallel; only staff have a profile. A person's token names their
    // district, a platform operator's does not (a hint only: the API decides, and a refusal just means no language).
    const [data, profile] = await Promise.all([
      request<{ me: Omit<Viewer, 'language'> }>(this.transport, `{ ${VIEWER} }`),
      tokenNamesDistrict(tokens.accessToken)
        ? request<{ myMailProfile: { effectiveLanguage: 'EN' | 'ES' } }>(
            this.transport,
            `{ myMailProfile { effectiveLanguage } }`,
          ).catch(() => null)
        : null,
    ]);
    const saved = data.me.kind === 'STAFF' ? profile?.myMailProfile.effectiveLanguage : undefined;
    this.viewer = { ...data.me, language: saved ? (saved === 'ES' ? 'es' : 'en') : null };
    this.schedule(new Date(tokens.accessTokenExpiresAt).getTime());
    return this.viewer;
  }

  private schedule(expiresAt: number): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(async () => {
      if (!(await this.refresh())) this.onExpired();
    }, wait);
    // Never keep a Node process (tests) alive for a refresh.
    (this.timer as { unref?: () => void }).unref?.();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.accessToken = null;
    this.viewer = null;
  }
}
