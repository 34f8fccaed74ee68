import type { ApiModule } from '../../graphql/module';
import { ReflectionAnswerEntity, ReflectionEntity } from './reflection.entity';
import { ReflectionResolver } from './reflection.resolver';

export const reflectionModule: ApiModule = {
  name: 'reflection',
  resolvers: [ReflectionResolver],
  entities: [ReflectionEntity, ReflectionAnswerEntity],
};
