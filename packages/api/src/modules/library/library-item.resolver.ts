import { Arg, Args, Ctx, Mutation, Query, Resolver, type ClassType } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { LibraryItemsArgs, type LibraryCreateFields, type LibraryUpdateFields } from './library.inputs';
import type { LibraryItemService } from './library-item.service';
import type { LibraryItem, LibraryItemEntity } from './library.types';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';

interface LibraryApi<E extends LibraryItemEntity, T extends LibraryItem, C extends object, U extends object> {
  service: LibraryItemService<E, T>;
  /** The list query's name, e.g. `norms`. */
  list: string;
  /** What the list is, for its description, e.g. `Norms`. */
  title: string;
  type: ClassType<T>;
  connection: ClassType<Page<T>>;
  createInput: ClassType<C>;
  updateInput: ClassType<U>;
  payload: ClassType<object>;
}

/**
 * The queries and mutations of one library: `<list>` (LIBRARY_READ), `<key>Create` and `<key>Update`
 * (LIBRARY_MANAGE). One factory for five libraries; each call makes its own resolver class.
 */
export function libraryItemResolver<
  E extends LibraryItemEntity,
  T extends LibraryItem,
  C extends LibraryCreateFields & object,
  U extends LibraryUpdateFields & object,
>(api: LibraryApi<E, T, C, U>) {
  const { service } = api;
  const { key, typeName } = service.kind;
  const payload = (item: T) => ({ [key]: item });

  @Resolver(() => api.type)
  class LibraryItemResolver {
    @Query(() => api.connection, {
      name: api.list,
      description: `${api.title} of your district, by position; retired ones too unless filtered.`,
    })
    @Allow(Permission.LIBRARY_READ)
    list(@Ctx() ctx: RequestContext, @Args(() => LibraryItemsArgs) args: LibraryItemsArgs): Promise<Page<T>> {
      return service.list(ctx, args, args.filter);
    }

    @Mutation(() => api.payload, { name: `${key}Create`, description: 'District admins only.' })
    @Allow(Permission.LIBRARY_MANAGE)
    async create(@Ctx() ctx: RequestContext, @Arg('input', () => api.createInput) input: C): Promise<object> {
      return payload(await service.create(ctx, input));
    }

    @Mutation(() => api.payload, {
      name: `${key}Update`,
      description: 'District admins only. Retire with `active: false`; items are never deleted.',
    })
    @Allow(Permission.LIBRARY_MANAGE)
    async update(@Ctx() ctx: RequestContext, @Arg('input', () => api.updateInput) input: U): Promise<object> {
      const id = decodeId(input.id, typeName);
      return payload(await service.update(ctx, { ...input, id }));
    }
  }
  Object.defineProperty(LibraryItemResolver, 'name', { value: `${typeName}Resolver` });
  return LibraryItemResolver;
}
