/** One text of a library item as the screens show and edit it. */
export interface LibraryField {
  source: string;
  label: string;
  multiline?: boolean;
  /** The first field is the item's name: required, and shown whole in lists. */
}

export interface LibraryDefinition {
  /** The react-admin resource, also the key in providers/resources.ts. */
  name: string;
  /** Menu and page title, plural. */
  label: string;
  /** One item, lower case, for buttons and notices ("norm", "question"). */
  singular: string;
  /** What the library is for: shown on the empty list. */
  purpose: string;
  fields: LibraryField[];
}

export interface LibraryItem {
  id: string;
  active: boolean;
  position: number;
  version: number;
  [text: string]: unknown;
}
