import type { EntityManager } from 'typeorm';
import type { LibraryKind } from './library-kind';
import type { LibraryCreateFields, LibraryFilter, LibraryUpdateFields } from './library.inputs';
import type { LibraryItem, LibraryItemEntity } from './library.types';
import { managedDistrict, readerDistrict } from './library-access';
import { assertUniqueText, flag, freeText, position } from './library-checks';
import { managerOf, type RequestContext } from '../../graphql/context';
import { found, InputChecker } from '../../graphql/errors';
import { patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updateVersioned } from '../../db/versioned';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';

type Values = Record<string, string | number | boolean | undefined>;

/** What `<key>Update` changes: the kind's update input, with the item's domain id (decoded by the resolver). */
export type LibraryItemUpdate = Omit<LibraryUpdateFields, 'id'> & { id: string };

/** The text an input gives for a field (inputs are typed per kind; the specs name their fields). */
function textOf(input: object, field: string): string | null | undefined {
  return (input as Record<string, string | null | undefined>)[field];
}

/** Lists, reads, creates and updates the items of one library. Items are retired, never deleted. */
export class LibraryItemService<E extends LibraryItemEntity, T extends LibraryItem> {
  constructor(readonly kind: LibraryKind<E, T>) {}

  private async scoped(ctx: RequestContext) {
    const districtId = readerDistrict(ctx);
    return (await managerOf(ctx))
      .createQueryBuilder(this.kind.entity, 'item')
      .where('item.district_id = :districtId', { districtId });
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: LibraryFilter | null): Promise<Page<T>> {
    const qb = await this.scoped(ctx);
    if (filter?.active != null) qb.andWhere('item.active = :active', { active: filter.active });
    const search = containsPattern(filter?.search);
    if (search) {
      qb.andWhere(`(${this.kind.texts.map((t) => `item.${t.field} ILIKE :search`).join(' OR ')})`, { search });
    }
    const result = await paginate(qb, page, { expression: 'item.position', direction: OrderDirection.ASC });
    return mapPage(result, this.kind.toType);
  }

  async findEntity(ctx: RequestContext, id: string): Promise<E | null> {
    return (await this.scoped(ctx)).andWhere('item.id = :id', { id }).getOne();
  }

  /** Items by raw uuid, for loaders; ids of other districts are simply missing. */
  async findMany(ctx: RequestContext, ids: readonly string[]): Promise<T[]> {
    const rows = await (await this.scoped(ctx)).andWhere('item.id = ANY(:ids)', { ids: [...ids] }).getMany();
    return rows.map(this.kind.toType);
  }

  async findById(ctx: RequestContext, id: string): Promise<T | null> {
    const entity = await this.findEntity(ctx, id);
    return entity ? this.kind.toType(entity) : null;
  }

  async create(ctx: RequestContext, input: LibraryCreateFields): Promise<T> {
    const districtId = managedDistrict(ctx);
    const c = new InputChecker();
    const values: Values = {};
    for (const t of this.kind.texts) {
      const given = textOf(input, t.field);
      values[t.field] = t.required ? requiredText(c, t.field, given, t.max) : freeText(c, t.field, given, t.max);
    }
    values.position = position(c, 'position', input.position, true);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    await this.assertUnique(manager, districtId, values, null);
    const row = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    const { identifiers } = await manager.insert(this.kind.entity, {
      ...row,
      position: values.position ?? (await this.nextPosition(manager, districtId)),
      districtId,
      active: true,
    } as never);
    const id = identifiers[0].id as string;
    await recordAudit(ctx, {
      action: `${this.kind.key}.create`,
      entityType: this.kind.typeName,
      entityId: id,
      fields: providedFields(values),
    });
    return this.kind.toType(await manager.findOneOrFail(this.kind.entity, { where: { id } as never }));
  }

  async update(ctx: RequestContext, input: LibraryItemUpdate): Promise<T> {
    const districtId = managedDistrict(ctx);
    const current = found(await this.findEntity(ctx, input.id), this.kind.typeName);
    const c = new InputChecker();
    const patch: Values = {};
    for (const t of this.kind.texts) {
      const given = textOf(input, t.field);
      patch[t.field] = t.required ? patchText(c, t.field, given, t.max) : freeText(c, t.field, given, t.max);
    }
    patch.position = position(c, 'position', input.position, false);
    patch.active = flag(c, 'active', input.active);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    await this.assertUnique(manager, districtId, patch, current.id);
    const updated = await updateVersioned(
      manager,
      this.kind.entity,
      current,
      input.version,
      patch as Partial<E>,
      this.kind.typeName,
    );
    await recordAudit(ctx, {
      action: `${this.kind.key}.update`,
      entityType: this.kind.typeName,
      entityId: current.id,
      fields: changedFields(patch),
    });
    return this.kind.toType(updated);
  }

  /** The unique text (the first spec), when it is being set. */
  private async assertUnique(manager: EntityManager, districtId: string, values: Values, exceptId: string | null) {
    const { field } = this.kind.texts[0];
    const value = values[field];
    if (typeof value !== 'string') return;
    await assertUniqueText(manager, this.kind.entity, {
      districtId,
      field,
      value,
      exceptId,
      message: `Another ${this.kind.noun} in this district has this ${field} (retired ones count too)`,
    });
  }

  /** One past the last position, so a new item lands at the end of the list. */
  private async nextPosition(manager: EntityManager, districtId: string): Promise<number> {
    const row = await manager
      .createQueryBuilder(this.kind.entity, 'item')
      .select('coalesce(max(item.position), 0) + 1', 'next')
      .where('item.district_id = :districtId', { districtId })
      .getRawOne<{ next: number }>();
    return Number(row?.next ?? 1);
  }
}
