/**
 * Importing an organisation's data: a CSV file of one kind, a set of CSV files applied together
 * (a sync from the case-management system), a JSON bundle, or children pushed whole. Whatever
 * comes in is checked against the organisation as stored, and written in one transaction only
 * if it has no problem at all. Re-importing changes nothing, because rows are matched by their
 * external ids and only real differences are written.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Repositories } from '../../data-access/index.ts';
import type { ImportTransaction } from '../../data-access/organisation-data-repository.ts';
import {
  mergePushedChild,
  pushOptionalFields,
  pushSchema,
} from '../../domain/bundle/child-push.ts';
import { type ChildSyncChanges, childSyncChanges } from '../../domain/bundle/child-sync-report.ts';
import { changeCounts, diffBundles, hasChanges, mergeBundles } from '../../domain/bundle/diff.ts';
import { normaliseBundle } from '../../domain/bundle/normalise.ts';
import { parseBundle } from '../../domain/bundle/parse.ts';
import type { Bundle } from '../../domain/bundle/schema.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { organisationPolicy } from '../../domain/compliance/organisation-policy.ts';
import { CsvSyntaxError, readCsv } from '../../domain/import/csv.ts';
import { type ImportProblem, readTable } from '../../domain/import/read-table.ts';
import { type ImportKind, importKinds } from '../../domain/import/tables.ts';
import { resolvePack } from '../../domain/policy/drafts.ts';
import { getPack } from '../../domain/policy/index.ts';
import { formatProblems } from '../../domain/policy/problems.ts';

export type FileKind = ImportKind | 'bundle';
export const fileKinds: readonly FileKind[] = [...importKinds, 'bundle'];

export type ImportReport = {
  kind: FileKind;
  rows: number;
  problems: ImportProblem[];
  /** What the import adds, changes and leaves alone; absent when there were problems. */
  changes?: ReturnType<typeof changeCounts> & { organisation: 'added' | 'changed' | 'unchanged' };
  /** Whether the changes were written (false for a dry run or a file with problems). */
  applied: boolean;
};

/**
 * The file's text in chunks, or (kind 'bundle' only) a bundle already parsed from JSON: a
 * generated council of a million records is more than one JSON string can hold.
 */
type ImportSource =
  | { chunks: AsyncIterable<string> | Iterable<string>; value?: never }
  | { value: unknown; chunks?: never };

export type ImportRequest = ImportSource & {
  kind: FileKind;
  /**
   * The organisation the file is for, by slug. A CSV file needs one that exists; a bundle names
   * its own, and must match this when given.
   */
  organisation?: string;
  dryRun?: boolean;
  actorUserId?: string | null;
  /** Called as rows are read and written, for progress on the CLI and the page. */
  progress?: (stage: 'reading' | 'writing', count: number) => void;
};

/** Which kind a file is from its name: staff.csv, child-statuses-2026.csv, bundle.json… */
export function kindFromFileName(name: string): FileKind | undefined {
  const base = name.toLowerCase().replace(/^.*[\\/]/, '');
  if (base.endsWith('.json')) return 'bundle';
  if (!base.endsWith('.csv')) return undefined;
  const stem = base.slice(0, -4).replace(/_/g, '-');
  // Longest first, so child-statuses is not taken for children.
  const byLength = [...importKinds].sort((a, b) => b.length - a.length);
  return byLength.find(
    (kind) => stem === kind || stem.startsWith(`${kind}-`) || stem.startsWith(kind),
  );
}

async function collect(chunks: AsyncIterable<string> | Iterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** JSON.parse's complaint, with the line and column it points at. */
function jsonProblem(text: string, error: Error): ImportProblem {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return { message: `not valid JSON: ${error.message}` };
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = String(before.length - before.lastIndexOf('\n'));
  return { line, column: `character ${column}`, message: `not valid JSON: ${error.message}` };
}

/** `$.staff[3].email: expected …` as a problem whose column is the JSON path. */
function pathProblem(text: string): ImportProblem {
  const colon = text.indexOf(': ');
  return colon < 0
    ? { message: text }
    : { column: text.slice(0, colon), message: text.slice(colon + 2) };
}

type Incoming =
  | { ok: true; bundle: Bundle; rows: number }
  | { ok: false; problems: FileProblem[]; rows: number };

/** A problem with one file of a set: the file's name beside its line and column. */
export type FileProblem = ImportProblem & { file?: string };

/** One CSV file of a set, its kind as the import knows them. */
export type CsvFile = {
  name: string;
  kind: ImportKind;
  chunks: AsyncIterable<string> | Iterable<string>;
};

type Changes = NonNullable<ImportReport['changes']>;

type ApplyOptions = {
  dryRun?: boolean | undefined;
  actorUserId?: string | null | undefined;
  progress?: ImportRequest['progress'];
  /** What the audit entry says was imported, beside the rows and counts. */
  audit: Record<string, unknown>;
  /** Compare the children before and after as of this date, for a sync's report. */
  childrenAsOf?: IsoDate | undefined;
};

type Applied =
  | { ok: false; rows: number; problems: FileProblem[] }
  | { ok: true; rows: number; changes: Changes; applied: boolean; children?: ChildSyncChanges };

export type FilesImportRequest = {
  /** The organisation's slug: it must exist. */
  organisation: string;
  files: readonly CsvFile[];
  dryRun?: boolean;
  actorUserId?: string | null;
  progress?: ImportRequest['progress'];
  /** Where the files came from, for the audit entry (a sync's folder, say). */
  via?: string;
  childrenAsOf?: IsoDate;
};

export type FilesImportReport = {
  files: { name: string; kind: ImportKind; rows: number }[];
  rows: number;
  problems: FileProblem[];
  changes?: Changes;
  applied: boolean;
  /** How the children changed, when `childrenAsOf` was given and the set had no problem. */
  children?: ChildSyncChanges;
};

/** Children pushed by the case-management system: `{ "children": [ … ] }` in the bundle's shape. */
export type ChildrenPushRequest = {
  organisation: string;
  body: unknown;
  actorUserId: string | null;
  childrenAsOf: IsoDate;
  via?: string;
};

export type ChildrenPushReport = Omit<FilesImportReport, 'files'>;

/** Files of a set in dependency order (importKinds is), then by name. */
function inDependencyOrder(files: readonly CsvFile[]): CsvFile[] {
  const rank = (file: CsvFile) => importKinds.indexOf(file.kind);
  return [...files].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1));
}

/** A problem with a field the push left out names it as the value Oversight kept. */
function keptNote(problem: string, pushed: { children: Record<string, unknown>[] }): string {
  const at = /^\$\.children\[(\d+)\]\.(\w+): /.exec(problem);
  const field = at?.[2] as (typeof pushOptionalFields)[number] | undefined;
  if (!at || !field || !pushOptionalFields.includes(field)) return problem;
  if (pushed.children[Number(at[1])]?.[field] !== undefined) return problem;
  return `${problem} (not sent: this is the value Oversight holds; send null to clear it)`;
}

/**
 * Each pushed child laid over the stored child with its id (child-push.ts: a left-out optional
 * field is kept, `null` clears it; statuses, flags and allocations are replaced), checked on
 * their own against the organisation's staff so each problem names its place in the request
 * (`$.children[2].allocations[0].workerId`).
 */
function readPush(body: unknown, current: Bundle): Incoming {
  const parsed = pushSchema.safeParse(body);
  if (!parsed.success) {
    const rows = Array.isArray((body as { children?: unknown } | null)?.children)
      ? (body as { children: unknown[] }).children.length
      : 0;
    return { ok: false, rows, problems: formatProblems(parsed.error).map(pathProblem) };
  }
  const stored = new Map(current.children.map((c) => [c.id, c]));
  const children = parsed.data.children.map((c) => mergePushedChild(c, stored.get(c.id)));
  const alone = parseBundle({
    ...current,
    relationships: [],
    absences: [],
    children,
    sessions: [],
    records: [],
    audits: [],
    actions: [],
    waivers: [],
  });
  if (!alone.ok) {
    const problems = alone.problems
      .filter((p) => p.startsWith('$.children'))
      .map((p) => pathProblem(keptNote(p.replace('in this bundle', 'in Oversight'), parsed.data)));
    if (problems.length > 0) return { ok: false, rows: children.length, problems };
  }
  for (const child of children) stored.set(child.id, child);
  return {
    ok: true,
    rows: children.length,
    bundle: { ...current, children: [...stored.values()] },
  };
}

export function importService(repos: Repositories) {
  /** Whom a policy the import changes is recorded against: the person, else the import itself. */
  async function importerOf(userId: string | null) {
    const account = userId ? await repos.policyVersions.accountOf(userId) : undefined;
    return account && userId
      ? { userId, name: account.name }
      : { userId: null, name: 'Oversight (organisation data import)' };
  }

  /**
   * Checks the bundle's pack and overrides as they will run: on the organisation's imported pack
   * while the bundle keeps its id (migration 0017 carries it forward), else a built-in pack.
   */
  async function policyOf(organisation: Bundle['organisation'], organisationId?: string) {
    const latest = organisationId ? await repos.policyVersions.latest(organisationId) : undefined;
    if (latest?.pack == null || latest.basePackId !== organisation.policy) {
      const built = organisationPolicy(organisation);
      // A pack of the organisation's own is not in the bundle: it travels as its own file.
      if (built.ok || getPack(organisation.policy)) return built;
      return {
        ok: false as const,
        problems: [
          `${built.problems[0]}: a pack of an organisation’s own is not part of its data: import the data naming the built-in pack it started from, then the pack’s file with oversight policy import`,
        ],
      };
    }
    const pack = resolvePack(organisation.policy, latest.pack, organisation.overrides ?? null);
    if (pack.ok) return pack;
    return {
      ok: false as const,
      problems: pack.problems.map((p) => p.replace(/^\$/, '$.organisation.overrides')),
    };
  }

  async function readBundleFile(request: ImportRequest): Promise<Incoming> {
    let json = request.value;
    if (request.chunks) {
      const text = await collect(request.chunks);
      try {
        json = JSON.parse(text);
      } catch (error) {
        return { ok: false, rows: 0, problems: [jsonProblem(text, error as Error)] };
      }
    }
    const parsed = parseBundle(json);
    if (!parsed.ok) return { ok: false, rows: 0, problems: parsed.problems.map(pathProblem) };
    const bundle = parsed.value;
    const rows =
      bundle.staff.length + bundle.children.length + bundle.sessions.length + bundle.records.length;
    request.progress?.('reading', rows);
    return { ok: true, bundle, rows };
  }

  /**
   * Reads a set of CSV files against the organisation as stored, one after another in
   * dependency order, each against what those before it make. Every file is read, so every
   * file's problems are listed, each with its file's name.
   */
  async function readFiles(
    request: FilesImportRequest,
    current: Bundle,
    fileRows: Map<CsvFile, number>,
  ): Promise<Incoming> {
    let working = current;
    let rows = 0;
    const problems: FileProblem[] = [];
    for (const file of inDependencyOrder(request.files)) {
      try {
        const table = await readTable(file.kind, readCsv(file.chunks), working, (n) =>
          request.progress?.('reading', rows + n),
        );
        rows += table.rows;
        fileRows.set(file, table.rows);
        problems.push(...table.problems.map((p) => ({ file: file.name, ...p })));
        working = table.bundle ?? table.readable ?? working;
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        problems.push({ file: file.name, line: error.line, message: error.message });
      }
    }
    return problems.length > 0
      ? { ok: false, rows, problems }
      : { ok: true, rows, bundle: working };
  }
  /**
   * The one way anything is imported: lock the organisation and read it, make what it will be
   * (`read`), check the whole, diff it against what is stored and write only the differences,
   * all in one transaction that commits only when there is no problem at all.
   */
  function apply(
    slug: string,
    options: ApplyOptions,
    read: (tx: ImportTransaction, current: Bundle | null) => Promise<Incoming>,
  ): Promise<Applied> {
    return repos.organisationData.importTransaction<Applied>(slug, async (tx) => {
      const current = await tx.read();
      const incoming = await read(tx, current);
      const rejected = (problems: FileProblem[]) => ({
        commit: false,
        result: { ok: false as const, rows: incoming.rows, problems },
      });
      if (!incoming.ok) return rejected(incoming.problems);
      const after = parseBundle(incoming.bundle);
      // A policy kept as stored was validated as a version (services/policy-versions.ts), and
      // may be a pack imported whole, which no built-in pack id names.
      const kept =
        after.ok &&
        current !== null &&
        after.value.organisation.policy === current.organisation.policy &&
        isDeepStrictEqual(after.value.organisation.overrides, current.organisation.overrides);
      const policy =
        after.ok && !kept ? await policyOf(after.value.organisation, tx.organisationId) : after;
      if (!after.ok || !policy.ok) {
        return rejected(
          (after.ok ? (policy.ok ? [] : policy.problems) : after.problems).map(pathProblem),
        );
      }
      const normalised = normaliseBundle(after.value);
      const changes = diffBundles(current, normalised);
      const counts = { organisation: changes.organisation, ...changeCounts(changes) };
      const children = options.childrenAsOf
        ? childSyncChanges(current?.children ?? [], normalised.children, options.childrenAsOf)
        : undefined;
      const result = {
        ok: true as const,
        rows: incoming.rows,
        changes: counts,
        applied: false,
        ...(children ? { children } : {}),
      };
      if (options.dryRun || !hasChanges(changes)) return { commit: false, result };
      const organisationId =
        tx.organisationId && changes.organisation === 'unchanged'
          ? tx.organisationId
          : await tx.saveOrganisation(after.value.organisation, {
              author: await importerOf(options.actorUserId ?? null),
              reason: 'Imported with the organisation’s data',
            });
      await tx.write(organisationId, changes, (n) => options.progress?.('writing', n));
      await tx.audit({
        organisationId,
        actorUserId: options.actorUserId ?? null,
        action: 'organisation_data.imported',
        resourceType: 'organisation',
        resourceId: organisationId,
        detail: { ...options.audit, rows: incoming.rows, changes: counts },
      });
      return { commit: true, result: { ...result, applied: true } };
    });
  }

  const noOrganisation = (slug: string): Incoming => ({
    ok: false,
    rows: 0,
    problems: [{ message: `no organisation '${slug}': import its bundle first` }],
  });

  /** A set of CSV files applied together to an organisation that exists, or not at all. */
  async function importFiles(request: FilesImportRequest): Promise<FilesImportReport> {
    const ordered = inDependencyOrder(request.files);
    const fileRows = new Map<CsvFile, number>();
    const kinds = ordered.map((f) => f.kind);
    const outcome = await apply(
      request.organisation,
      {
        dryRun: request.dryRun,
        actorUserId: request.actorUserId,
        progress: request.progress,
        audit:
          ordered.length === 1 && !request.via
            ? { kind: kinds[0] }
            : { files: ordered.map((f) => ({ name: f.name, kind: f.kind })), via: request.via },
        childrenAsOf: request.childrenAsOf,
      },
      async (_tx, current) =>
        current
          ? readFiles({ ...request, files: ordered }, current, fileRows)
          : noOrganisation(request.organisation),
    );
    const files = ordered.map((f) => ({ name: f.name, kind: f.kind, rows: fileRows.get(f) ?? 0 }));
    if (!outcome.ok)
      return { files, rows: outcome.rows, problems: outcome.problems, applied: false };
    const { ok: _, ...report } = outcome;
    return { files, problems: [], ...report };
  }

  return {
    async importFile(request: ImportRequest): Promise<ImportReport> {
      const bundleFile = request.kind === 'bundle' ? await readBundleFile(request) : undefined;
      const slug =
        request.organisation ?? (bundleFile?.ok ? bundleFile.bundle.organisation.id : undefined);
      const rejected = (problems: ImportProblem[], rows = 0): ImportReport => ({
        kind: request.kind,
        rows,
        problems,
        applied: false,
      });
      if (bundleFile && !bundleFile.ok) return rejected(bundleFile.problems);
      if (!slug) return rejected([{ message: 'say which organisation the file is for' }]);
      if (bundleFile?.ok && bundleFile.bundle.organisation.id !== slug) {
        return rejected([
          {
            column: '$.organisation.id',
            message: `this bundle is for '${bundleFile.bundle.organisation.id}', not '${slug}'`,
          },
        ]);
      }
      if (!/^[a-z0-9-]+$/.test(slug)) {
        return rejected([
          {
            column: '$.organisation.id',
            message:
              'expected lower-case letters, digits and hyphens (it becomes the organisation’s address)',
          },
        ]);
      }
      if (request.kind !== 'bundle') {
        // A CSV file is a set of one.
        const {
          files: _,
          problems,
          ...report
        } = await importFiles({
          organisation: slug,
          files: [
            { name: `${request.kind}.csv`, kind: request.kind, chunks: request.chunks ?? [] },
          ],
          dryRun: request.dryRun ?? false,
          actorUserId: request.actorUserId ?? null,
          ...(request.progress ? { progress: request.progress } : {}),
        });
        return {
          kind: request.kind,
          ...report,
          problems: problems.map(({ file: _file, ...p }) => p),
        };
      }
      const file = bundleFile as Incoming & { ok: true };
      const outcome = await apply(
        slug,
        {
          dryRun: request.dryRun,
          actorUserId: request.actorUserId,
          progress: request.progress,
          audit: { kind: 'bundle' },
        },
        async (_tx, current) => ({
          ...file,
          bundle: current ? mergeBundles(current, file.bundle) : file.bundle,
        }),
      );
      if (!outcome.ok) return rejected(outcome.problems, outcome.rows);
      return {
        kind: 'bundle',
        rows: outcome.rows,
        problems: [],
        changes: outcome.changes,
        applied: outcome.applied,
      };
    },

    importFiles,

    /** Children pushed by the source system, each laid over the stored child (readPush). */
    async replaceChildren(request: ChildrenPushRequest): Promise<ChildrenPushReport> {
      const outcome = await apply(
        request.organisation,
        {
          actorUserId: request.actorUserId,
          audit: { via: request.via ?? 'children pushed' },
          childrenAsOf: request.childrenAsOf,
        },
        async (_tx, current) =>
          current ? readPush(request.body, current) : noOrganisation(request.organisation),
      );
      if (!outcome.ok) return { rows: outcome.rows, problems: outcome.problems, applied: false };
      const { ok: _, ...report } = outcome;
      return { problems: [], ...report };
    },

    /** The organisation as a bundle, in its one canonical order. */
    async exportBundle(organisationId: string, actorUserId: string | null): Promise<Bundle> {
      const bundle = await repos.organisationData.loadBundle(organisationId);
      if (!bundle) throw new Error(`no organisation ${organisationId}`);
      await repos.auditLog.append({
        organisationId,
        actorUserId,
        action: 'organisation_data.exported',
        resourceType: 'organisation',
        resourceId: organisationId,
      });
      return bundle;
    },
  };
}
export type ImportService = ReturnType<typeof importService>;
