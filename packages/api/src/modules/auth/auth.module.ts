import type { ApiModule } from '../../graphql/module';
import { AuthResolver } from './auth.resolver';
import { CredentialEntity } from './credential.entity';
import { PlatformOperatorEntity } from './platform-operator.entity';
import { OperatorRefreshTokenEntity, RefreshTokenEntity } from './refresh-token.entity';

export const authModule: ApiModule = {
  name: 'auth',
  resolvers: [AuthResolver],
  entities: [CredentialEntity, RefreshTokenEntity, OperatorRefreshTokenEntity, PlatformOperatorEntity],
};
