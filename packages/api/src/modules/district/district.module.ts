import type { ApiModule } from '../../graphql/module';
import { DistrictEntity } from './district.entity';
import { DistrictResolver } from './district.resolver';
import { districtService } from './district.service';

export const districtModule: ApiModule = {
  name: 'district',
  resolvers: [DistrictResolver],
  entities: [DistrictEntity],
  nodes: { District: (ctx, id) => districtService.findById(ctx, id) },
};
