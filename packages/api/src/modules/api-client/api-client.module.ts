import type { ApiModule } from '../../graphql/module';
import { ApiClientEntity, ApiClientSecretEntity } from './api-client.entity';
import { ApiClientResolver } from './api-client.resolver';
import { apiClientService } from './api-client.service';

/**
 * Integrators' credentials: API clients a district admin manages (GraphQL), the OAuth 2.0 client credentials token
 * endpoint (token-endpoint.ts, mounted at POST /oauth/token by the composition root), and the principal a client's
 * token becomes on each request (client-principal.ts).
 */
export const apiClientModule: ApiModule = {
  name: 'api-client',
  resolvers: [ApiClientResolver],
  entities: [ApiClientEntity, ApiClientSecretEntity],
  nodes: { ApiClient: (ctx, id) => apiClientService.findById(ctx, id) },
};
