import type { EntityTarget } from 'typeorm';
import type { LibraryItem, LibraryItemEntity } from './library.types';

/** One text field of a library item: its name (input field and column alike) and the CHECK's maximum length. */
export interface TextSpec {
  field: string;
  max: number;
  /** Required text (1..max); otherwise it may be empty and defaults to ''. */
  required: boolean;
}

/** What tells one library apart from another; the service and the resolver are the same for all five. */
export interface LibraryKind<E extends LibraryItemEntity, T extends LibraryItem> {
  /** GraphQL type, global id type and audit entity type, e.g. `Norm`. */
  typeName: string;
  /** Payload field and prefix of mutations and audit actions, e.g. `norm`. */
  key: string;
  /** How messages call one item, e.g. `norm`. */
  noun: string;
  entity: EntityTarget<E>;
  /** The editable text fields; the first one is unique in the district (the `<table>_name_key` constraint). */
  texts: readonly [TextSpec, ...TextSpec[]];
  toType: (e: E) => T;
}
