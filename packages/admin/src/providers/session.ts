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
}

const VIEWER = `me { kind staffMember { id displayName email } operator { id displayName email } district { id name timezone academicYearStartMonth }
  roleAssignments { role scope school { id name } } permissions { permission districtWide schoolIds own } }`;

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
    const data = await request<{ me: Viewer }>(this.transport, `{ ${VIEWER} }`);
    this.viewer = data.me;
    this.schedule(new Date(tokens.accessTokenExpiresAt).getTime());
    return data.me;
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
