/**
 * Importing an organisation's data from a CSV file of one kind or a JSON bundle: the whole
 * file is checked against the organisation as stored, and written in one transaction only if
 * it has no problem at all. Re-importing a file changes nothing, because rows are matched by
 * their external ids and only real differences are written.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Repositories } from '../../data-access/index.ts';
import type { ImportTransaction } from '../../data-access/organisation-data-repository.ts';
import { changeCounts, diffBundles, hasChanges, mergeBundles } from '../../domain/bundle/diff.ts';
import { normaliseBundle } from '../../domain/bundle/normalise.ts';
import { parseBundle } from '../../domain/bundle/parse.ts';
import type { Bundle } from '../../domain/bundle/schema.ts';
import { organisationPolicy } from '../../domain/compliance/organisation-policy.ts';
import { CsvSyntaxError, readCsv } from '../../domain/import/csv.ts';
import { type ImportProblem, readTable } from '../../domain/import/read-table.ts';
import { type ImportKind, importKinds } from '../../domain/import/tables.ts';
import { resolvePack } from '../../domain/policy/drafts.ts';
import { getPack } from '../../domain/policy/index.ts';

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
  | { ok: false; problems: ImportProblem[]; rows: number };

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

  /** Reads the file against what is stored and returns the organisation as it would be after. */
  async function incoming(
    request: ImportRequest,
    tx: ImportTransaction,
    current: Bundle | null,
    bundleFile: Incoming | undefined,
  ): Promise<Incoming> {
    if (request.kind === 'bundle') {
      if (!bundleFile?.ok) return bundleFile as Incoming;
      return {
        ...bundleFile,
        bundle: current ? mergeBundles(current, bundleFile.bundle) : bundleFile.bundle,
      };
    }
    if (!current || !tx.organisationId) {
      return {
        ok: false,
        rows: 0,
        problems: [
          { message: `no organisation '${request.organisation}': import its bundle first` },
        ],
      };
    }
    try {
      const table = await readTable(request.kind, readCsv(request.chunks ?? []), current, (n) =>
        request.progress?.('reading', n),
      );
      if (!table.bundle) return { ok: false, rows: table.rows, problems: table.problems };
      return { ok: true, rows: table.rows, bundle: table.bundle };
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        return { ok: false, rows: 0, problems: [{ line: error.line, message: error.message }] };
      throw error;
    }
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
      return repos.organisationData.importTransaction(slug, async (tx) => {
        const current = await tx.read();
        const read = await incoming(request, tx, current, bundleFile);
        if (!read.ok) return { commit: false, result: rejected(read.problems, read.rows) };
        const after = parseBundle(read.bundle);
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
          const problems = (after.ok ? (policy.ok ? [] : policy.problems) : after.problems).map(
            pathProblem,
          );
          return { commit: false, result: rejected(problems, read.rows) };
        }
        const changes = diffBundles(current, normaliseBundle(after.value));
        const report: ImportReport = {
          kind: request.kind,
          rows: read.rows,
          problems: [],
          changes: { organisation: changes.organisation, ...changeCounts(changes) },
          applied: false,
        };
        if (request.dryRun || !hasChanges(changes)) return { commit: false, result: report };
        const organisationId =
          tx.organisationId && changes.organisation === 'unchanged'
            ? tx.organisationId
            : await tx.saveOrganisation(after.value.organisation, {
                author: await importerOf(request.actorUserId ?? null),
                reason: 'Imported with the organisation’s data',
              });
        await tx.write(organisationId, changes, (n) => request.progress?.('writing', n));
        await tx.audit({
          organisationId,
          actorUserId: request.actorUserId ?? null,
          action: 'organisation_data.imported',
          resourceType: 'organisation',
          resourceId: organisationId,
          detail: { kind: request.kind, rows: read.rows, changes: report.changes },
        });
        return { commit: true, result: { ...report, applied: true } };
      });
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
