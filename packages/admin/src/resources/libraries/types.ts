/** One text of a library item as the screens show and edit it. */
export interface LibraryField {
  source: string;
  /** A message key: `tl.libraries.<name>.fields.<source>`. */
  label: string;
  /** The CSV export's column heading: exports keep English headings whoever exports (docs/i18n.md). */
  csvHeading: string;
  multiline?: boolean;
  /** The first field is the item's name: required, and shown whole in lists. */
}

export interface LibraryDefinition {
  /** The react-admin resource, also the key in providers/resources.ts. */
  name: string;
  /** Menu and page title, plural: a message key (`tl.libraries.<name>.name`). */
  label: string;
  fields: LibraryField[];
}

/**
 * A library's own words, `tl.libraries.<name>.<what>`: its item ("Norm"), "Add a norm", the empty list's heading, what
 * it is for, the retired notice and the retire/restore notices. They are kept per library because the words for one
 * item change with it (in Spanish, "una norma" but "un criterio").
 */
export function libraryKey(
  definition: Pick<LibraryDefinition, 'name'>,
  what: 'item' | 'add' | 'empty' | 'purpose' | 'retired_notice' | 'retired' | 'restored',
): string {
  return `tl.libraries.${definition.name}.${what}`;
}

export interface LibraryItem {
  id: string;
  active: boolean;
  position: number;
  version: number;
  [text: string]: unknown;
}
