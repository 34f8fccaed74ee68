import type { ApiModule } from '../../graphql/module';
import { ViewerResolver } from './viewer.resolver';

export const viewerModule: ApiModule = { name: 'viewer', resolvers: [ViewerResolver] };
