import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { parse } from 'csv-parse';

/**
 * Reading a OneRoster 1.1 / 1.2 CSV zip (docs/oneroster.md): the zip's directory, then each file it needs, streamed
 * through csv-parse record by record (nothing of a file is held beyond the rows kept). Every problem found is kept
 * with its file, line and column, and reading goes on as far as it safely can, so one upload reports them all.
 */

export const ROSTER_LIMITS = {
  /** The upload (the zip itself). */
  uploadMaxBytes: 50 * 1024 * 1024,
  /** One file inside the zip, uncompressed (a zip bomb stops here, before or while it is inflated). */
  entryMaxBytes: 64 * 1024 * 1024,
  /** Files inside the zip. */
  entriesMax: 100,
  /** Rows of one file. */
  rowsMax: 200_000,
  /** One CSV record (bytes). */
  recordMaxBytes: 64 * 1024,
  /** Problems kept of one import (the rest are counted in a last problem). */
  problemsMax: 1_000,
} as const;

export type Severity = 'ERROR' | 'WARNING';

export interface Problem {
  severity: Severity;
  file: string | null;
  line: number | null;
  field: string | null;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];
  private dropped = 0;

  add(severity: Severity, file: string | null, line: number | null, field: string | null, message: string): void {
    if (this.list.length >= ROSTER_LIMITS.problemsMax) {
      this.dropped++;
      return;
    }
    this.list.push({ severity, file, line, field, message: message.slice(0, 500) });
  }

  error(file: string | null, line: number | null, field: string | null, message: string): void {
    this.add('ERROR', file, line, field, message);
  }

  warning(file: string | null, line: number | null, field: string | null, message: string): void {
    this.add('WARNING', file, line, field, message);
  }

  get errorCount(): number {
    return this.list.filter((p) => p.severity === 'ERROR').length + this.dropped;
  }

  get warningCount(): number {
    return this.list.filter((p) => p.severity === 'WARNING').length;
  }

  /** The list, with a last line saying how many more there were. */
  all(): Problem[] {
    if (!this.dropped) return this.list;
    return [
      ...this.list,
      {
        severity: 'ERROR',
        file: null,
        line: null,
        field: null,
        message: `${this.dropped} more problems not listed`,
      },
    ];
  }
}

export type RosterStatus = 'active' | 'tobedeleted';
export type FileMode = 'bulk' | 'delta';

export interface OrgRow {
  line: number;
  sourcedId: string;
  status: RosterStatus;
  name: string;
  type: string;
  identifier: string;
  parentSourcedId: string;
}

export interface RoleRow {
  role: string;
  orgSourcedId: string;
  file: string;
  line: number;
}

export interface UserRow {
  line: number;
  sourcedId: string;
  status: RosterStatus;
  enabled: boolean;
  givenName: string;
  familyName: string;
  email: string;
  roles: RoleRow[];
}

export interface ParsedRoster {
  version: string;
  orgsMode: FileMode;
  usersMode: FileMode;
  orgs: Map<string, OrgRow>;
  users: Map<string, UserRow>;
}

export const ORGS = 'orgs.csv';
export const USERS = 'users.csv';
export const ROLES_FILE = 'roles.csv';
export const MANIFEST = 'manifest.csv';

export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
/** OneRoster 1.1 and 1.2 role values (1.2 adds the administrators' kinds and counselor). */
export const ONEROSTER_ROLES = [
  'administrator',
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const;

const SOURCED_ID_MAX = 40;
const TEXT_MAX = 120;

class StopFile extends Error {}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)),
    ),
  );
}

function readDirectory(zip: yauzl.ZipFile, problems: Problems): Promise<Map<string, yauzl.Entry> | null> {
  return new Promise((resolve) => {
    const entries = new Map<string, yauzl.Entry>();
    let count = 0;
    let failed = false;
    zip.on('entry', (entry: yauzl.Entry) => {
      count++;
      if (count > ROSTER_LIMITS.entriesMax) {
        problems.error(null, null, null, `The zip holds more than ${ROSTER_LIMITS.entriesMax} files`);
        failed = true;
        zip.close();
        return resolve(null);
      }
      const name = entry.fileName;
      const base = name.split('/').pop() ?? '';
      const skip = name.endsWith('/') || name.startsWith('__MACOSX/') || base.startsWith('._') || !base;
      if (!skip) {
        const key = base.toLowerCase();
        if (entries.has(key)) {
          problems.error(base, null, null, 'The zip holds this file twice');
          failed = true;
        } else entries.set(key, entry);
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(failed ? null : entries));
    zip.on('error', (error: Error) => {
      problems.error(null, null, null, `The zip is damaged: ${error.message.slice(0, 200)}`);
      resolve(null);
    });
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) =>
      err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream),
    ),
  );
}

/** Trimmed cell, or '' */
const cell = (v: string | undefined) => (v ?? '').trim();

/** Reads one CSV file of the zip: checks its header, then hands each row (by column name) with its line on. */
async function readCsv(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  file: string,
  required: readonly string[],
  problems: Problems,
  onRow: (row: Record<string, string>, line: number) => void,
  abortSignal?: AbortSignal,
): Promise<boolean> {
  if (entry.isEncrypted()) {
    problems.error(file, null, null, 'The file is encrypted');
    return false;
  }
  if (entry.uncompressedSize > ROSTER_LIMITS.entryMaxBytes) {
    problems.error(
      file,
      null,
      null,
      `The file is ${Math.ceil(entry.uncompressedSize / 1048576)} MB uncompressed; at most ${ROSTER_LIMITS.entryMaxBytes / 1048576} MB`,
    );
    return false;
  }
  const errorsBefore = problems.errorCount;
  let bytes = 0;
  let linesSeen = 1;
  // Raw bytes first: a NUL byte (binary or UTF-16 text) and a file larger than it said stop the file.
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > ROSTER_LIMITS.entryMaxBytes) {
        problems.error(file, null, null, `The file is larger than ${ROSTER_LIMITS.entryMaxBytes / 1048576} MB`);
        return done(new StopFile());
      }
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        let line = linesSeen;
        for (let i = 0; i < nul; i++) if (chunk[i] === 10) line++;
        problems.error(file, line, null, 'The file holds a NUL byte: save it as UTF-8 text');
        return done(new StopFile());
      }
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) linesSeen++;
      done(null, chunk);
    },
  });
  let header: string[] | null = null;
  let rows = 0;
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: ROSTER_LIMITS.recordMaxBytes,
    encoding: 'utf8',
  });
  const consume = new Transform({
    objectMode: true,
    transform(item: { record: string[]; info: { lines: number } }, _enc, done) {
      if (abortSignal?.aborted) return done(new StopFile());
      const { record, info } = item;
      const line = info.lines;
      if (!header) {
        header = record.map((h) => h.trim());
        const seen = new Set<string>();
        for (const h of header) {
          if (seen.has(h)) problems.error(file, line, h, 'This column appears twice in the header');
          seen.add(h);
        }
        for (const column of required) {
          if (!seen.has(column)) problems.error(file, line, column, 'Missing required column');
        }
        if (problems.errorCount > errorsBefore) return done(new StopFile());
        return done();
      }
      rows++;
      if (rows > ROSTER_LIMITS.rowsMax) {
        problems.error(file, line, null, `More than ${ROSTER_LIMITS.rowsMax} rows`);
        return done(new StopFile());
      }
      if (record.length !== header.length) {
        problems.error(file, line, null, `Has ${record.length} columns; the header has ${header.length}`);
        return done();
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) {
        const value = record[i];
        if (value.includes('\uFFFD')) {
          problems.error(file, line, header[i], 'Not valid UTF-8 text: save the file as UTF-8');
          return done();
        }
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)) {
          problems.error(file, line, header[i], 'Holds a control character');
          return done();
        }
        row[header[i]] = value;
      }
      onRow(row, line);
      done();
    },
  });
  try {
    await pipeline(await openEntry(zip, entry), guard, parser, consume);
  } catch (error) {
    if (error instanceof StopFile) {
      // already reported
    } else if (error && typeof error === 'object' && 'code' in error && String(error.code).startsWith('CSV_')) {
      const e = error as unknown as { message: string; lines?: number };
      problems.error(file, e.lines ?? null, null, `Not valid CSV: ${e.message.slice(0, 200)}`);
    } else {
      problems.error(file, null, null, `Could not be read: ${(error as Error).message.slice(0, 200)}`);
    }
    return false;
  }
  if (!header) {
    problems.error(file, 1, null, 'The file is empty: it needs a header line');
    return false;
  }
  return problems.errorCount === errorsBefore;
}

function statusOf(problems: Problems, file: string, line: number, value: string): RosterStatus {
  const v = value.toLowerCase();
  if (v === '' || v === 'active') return 'active';
  if (v === 'tobedeleted' || v === 'inactive') return 'tobedeleted';
  problems.error(file, line, 'status', `Unknown status "${value.slice(0, 40)}": active or tobedeleted`);
  return 'active';
}

function sourcedId(problems: Problems, file: string, line: number, field: string, value: string): string | null {
  if (!value) {
    problems.error(file, line, field, 'Required');
    return null;
  }
  if (value.length > SOURCED_ID_MAX) {
    problems.error(file, line, field, `At most ${SOURCED_ID_MAX} characters`);
    return null;
  }
  return value;
}

const canonical = new Map<string, string>(ONEROSTER_ROLES.map((r) => [r.toLowerCase(), r]));

function roleOf(problems: Problems, file: string, line: number, value: string): string | null {
  const v = value.trim();
  if (v.startsWith('ext:')) {
    problems.warning(file, line, 'role', `Extension role "${v.slice(0, 40)}" is not imported`);
    return null;
  }
  const role = canonical.get(v.toLowerCase());
  if (!role) problems.error(file, line, 'role', `Unknown role "${v.slice(0, 40)}"`);
  return role ?? null;
}

/**
 * Parses and checks the zip: manifest, orgs.csv, users.csv and (OneRoster 1.2) roles.csv. Other files (classes,
 * enrollments, academic sessions, …) may be present and are not read. Returns null when the problems leave nothing
 * to plan from.
 */
export async function parseOneRoster(
  buffer: Buffer,
  problems: Problems,
  abortSignal?: AbortSignal,
): Promise<ParsedRoster | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(buffer);
  } catch {
    problems.error(null, null, null, 'The upload is not a zip file');
    return null;
  }
  try {
    const entries = await readDirectory(zip, problems);
    if (!entries) return null;

    // manifest.csv: propertyName,value
    const manifest = new Map<string, string>();
    const manifestEntry = entries.get(MANIFEST);
    if (!manifestEntry) {
      problems.error(MANIFEST, null, null, 'Missing: a OneRoster zip starts with manifest.csv');
      return null;
    }
    const manifestOk = await readCsv(
      zip,
      manifestEntry,
      MANIFEST,
      ['propertyName', 'value'],
      problems,
      (row) => manifest.set(cell(row.propertyName), cell(row.value)),
      abortSignal,
    );
    if (!manifestOk) return null;
    const version = manifest.get('oneroster.version') ?? '';
    if (!['1.1', '1.2'].includes(version)) {
      problems.error(MANIFEST, null, 'oneroster.version', `OneRoster version "${version.slice(0, 20)}": 1.1 or 1.2`);
    }
    const modeOf = (name: string, required: boolean): FileMode | 'absent' => {
      const raw = (manifest.get(`file.${name}`) ?? '').toLowerCase();
      const mode = raw === 'bulk' || raw === 'delta' ? raw : raw === 'absent' || raw === '' ? 'absent' : null;
      const file = `${name}.csv`;
      if (mode === null) {
        problems.error(MANIFEST, null, `file.${name}`, `Unknown mode "${raw.slice(0, 20)}": bulk, delta or absent`);
        return 'absent';
      }
      if (mode !== 'absent' && !entries.has(file)) {
        problems.error(file, null, null, `Missing: the manifest lists it as ${mode}`);
      } else if (mode === 'absent' && required) {
        problems.error(file, null, null, 'Required: the manifest must list it as bulk or delta');
      } else if (mode === 'absent' && entries.has(file)) {
        problems.warning(file, null, null, 'Not read: the manifest lists it as absent');
      }
      return mode;
    };
    const orgsMode = modeOf('orgs', true);
    const usersMode = modeOf('users', true);
    const rolesMode = modeOf('roles', false);
    if (problems.errorCount > 0 || orgsMode === 'absent' || usersMode === 'absent') return null;

    const orgs = new Map<string, OrgRow>();
    await readCsv(
      zip,
      entries.get(ORGS)!,
      ORGS,
      ['sourcedId', 'name', 'type'],
      problems,
      (row, line) => {
        const id = sourcedId(problems, ORGS, line, 'sourcedId', cell(row.sourcedId));
        const status = statusOf(problems, ORGS, line, cell(row.status));
        const type = cell(row.type);
        if (!type.startsWith('ext:') && !(ORG_TYPES as readonly string[]).includes(type)) {
          problems.error(ORGS, line, 'type', `Unknown org type "${type.slice(0, 40)}": ${ORG_TYPES.join(', ')}`);
        }
        const name = cell(row.name);
        if (!name && status === 'active') problems.error(ORGS, line, 'name', 'Required');
        else if (name.length > TEXT_MAX) problems.error(ORGS, line, 'name', `At most ${TEXT_MAX} characters`);
        const identifier = cell(row.identifier);
        if (identifier.length > SOURCED_ID_MAX)
          problems.error(ORGS, line, 'identifier', `At most ${SOURCED_ID_MAX} characters`);
        if (!id) return;
        const earlier = orgs.get(id);
        if (earlier) {
          problems.error(ORGS, line, 'sourcedId', `Duplicate sourcedId "${id}" (first on line ${earlier.line})`);
          return;
        }
        orgs.set(id, {
          line,
          sourcedId: id,
          status,
          name,
          type,
          identifier,
          parentSourcedId: cell(row.parentSourcedId),
        });
      },
      abortSignal,
    );

    const users = new Map<string, UserRow>();
    let usersHaveRoles = false;
    const usersEntry = entries.get(USERS)!;
    await readCsv(
      zip,
      usersEntry,
      USERS,
      ['sourcedId', 'enabledUser', 'givenName', 'familyName'],
      problems,
      (row, line) => {
        usersHaveRoles ||= 'role' in row;
        const id = sourcedId(problems, USERS, line, 'sourcedId', cell(row.sourcedId));
        const status = statusOf(problems, USERS, line, cell(row.status));
        const enabledRaw = cell(row.enabledUser).toLowerCase();
        if (!['', 'true', 'false'].includes(enabledRaw))
          problems.error(USERS, line, 'enabledUser', 'Must be true or false');
        const roles: RoleRow[] = [];
        if ('role' in row) {
          const role = cell(row.role) ? roleOf(problems, USERS, line, cell(row.role)) : null;
          if (!cell(row.role) && status === 'active') problems.error(USERS, line, 'role', 'Required');
          const orgIds = cell(row.orgSourcedIds)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          if (role && orgIds.length === 0 && status === 'active')
            problems.error(USERS, line, 'orgSourcedIds', 'Required');
          if (role) for (const org of orgIds) roles.push({ role, orgSourcedId: org, file: USERS, line });
        }
        if (!id) return;
        const earlier = users.get(id);
        if (earlier) {
          problems.error(USERS, line, 'sourcedId', `Duplicate sourcedId "${id}" (first on line ${earlier.line})`);
          return;
        }
        users.set(id, {
          line,
          sourcedId: id,
          status,
          enabled: enabledRaw !== 'false',
          givenName: cell(row.givenName),
          familyName: cell(row.familyName),
          email: cell(row.email),
          roles,
        });
      },
      abortSignal,
    );

    if (rolesMode !== 'absent') {
      const seen = new Map<string, number>();
      await readCsv(
        zip,
        entries.get(ROLES_FILE)!,
        ROLES_FILE,
        ['sourcedId', 'userSourcedId', 'role', 'orgSourcedId'],
        problems,
        (row, line) => {
          const id = sourcedId(problems, ROLES_FILE, line, 'sourcedId', cell(row.sourcedId));
          if (id && seen.has(id)) {
            problems.error(
              ROLES_FILE,
              line,
              'sourcedId',
              `Duplicate sourcedId "${id}" (first on line ${seen.get(id)})`,
            );
            return;
          }
          if (id) seen.set(id, line);
          const status = statusOf(problems, ROLES_FILE, line, cell(row.status));
          const role = roleOf(problems, ROLES_FILE, line, cell(row.role));
          const userId = cell(row.userSourcedId);
          const orgId = cell(row.orgSourcedId);
          const user = users.get(userId);
          if (!user) {
            problems.error(ROLES_FILE, line, 'userSourcedId', `No user "${userId.slice(0, 40)}" in users.csv`);
            return;
          }
          if (!orgId) problems.error(ROLES_FILE, line, 'orgSourcedId', 'Required');
          else if (role && status === 'active') user.roles.push({ role, orgSourcedId: orgId, file: ROLES_FILE, line });
        },
        abortSignal,
      );
    } else if (!usersHaveRoles && users.size > 0) {
      problems.error(USERS, 1, 'role', 'users.csv has no role column and there is no roles.csv (OneRoster 1.2)');
    }
    if (abortSignal?.aborted) throw new Error('aborted');
    return {
      version,
      orgsMode,
      usersMode,
      orgs,
      users,
    };
  } finally {
    zip.close();
  }
}
