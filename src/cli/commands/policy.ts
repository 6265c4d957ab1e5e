/**
 * `oversight policy list | show ID [--json] | validate FILE`, and for a stored organisation
 * `policy export [--organisation SLUG] [--out FILE]` and
 * `policy import FILE --organisation SLUG --reason TEXT` (a new policy version; issue 13).
 */
import { writeFile } from 'node:fs/promises';
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { checkDraft } from '../../domain/policy/drafts.ts';
import { getPack, listPacks, type PolicyPack, ruleListKeys } from '../../domain/policy/index.ts';
import { policyVersions } from '../../services/policy-versions.ts';
import { parse, UsageError } from '../args.ts';
import { type CliIo, processIo, readJson } from './cli-io.ts';
import { chosenOrganisation } from './organisation-option.ts';

const usage =
  'usage: oversight policy list | show ID [--json] | validate FILE | export [--organisation SLUG] [--out FILE] | import FILE --organisation SLUG --reason TEXT';

/** Who the command line records a version against: the operator, who has no account. */
const commandLine = { userId: null, name: 'Command line (oversight policy import)' };

function describe(pack: PolicyPack): string[] {
  const lines = [
    `${pack.id}: ${pack.name} (${pack.version})`,
    `  authority: ${pack.authority}`,
    `  seed: ${pack.seed}`,
  ];
  if (pack.description) lines.push(`  ${pack.description}`);
  for (const key of ruleListKeys) {
    const rules = pack[key] ?? [];
    if (rules.length === 0) continue;
    lines.push(`  ${key}:`);
    for (const rule of rules) {
      lines.push(`    - ${rule.id}  [${rule.source.seed} § ${rule.source.section}]`);
      if (rule.note) lines.push(`      note: ${rule.note}`);
    }
  }
  return lines;
}

/** Writes the organisation's policy in force as a pack file, to stdout or --out. */
async function exportCommand(
  io: CliIo,
  values: { organisation?: string | undefined; out?: string | undefined },
): Promise<number> {
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, values.organisation);
    const text = await policyVersions(repos).exportPack(organisation.id);
    if (values.out === undefined) io.out(text.trimEnd());
    else {
      await writeFile(values.out, text);
      io.err(`${values.out}: the policy of ${organisation.name}`);
    }
    return 0;
  });
}

/** Checks a whole pack file and saves it as the organisation's next version; any problem saves nothing. */
async function importCommand(
  io: CliIo,
  file: string,
  values: { organisation?: string | undefined; reason?: string | undefined },
): Promise<number> {
  if (values.organisation === undefined)
    throw new UsageError(`--organisation: say which organisation\n${usage}`);
  if (values.reason === undefined || values.reason.trim() === '')
    throw new UsageError(`--reason: say why the policy changes\n${usage}`);
  const json = await readJson(io, file);
  if (!json.ok) return 1;
  const checked = checkDraft({ pack: json.value });
  if (!checked.ok) {
    for (const problem of checked.problems) io.err(problem);
    return 1;
  }
  const { organisation: slug, reason } = values;
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, slug);
    const saved = await policyVersions(repos).saveAs(
      commandLine,
      organisation.id,
      { pack: json.value },
      reason,
    );
    if (!saved.ok) {
      for (const problem of saved.problems) io.err(problem);
      return 1;
    }
    io.out(
      `${organisation.name}: policy version ${saved.version.version} (${saved.version.pack.id}) saved`,
    );
    return 0;
  });
}

export async function policyCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(args, {
    json: { type: 'boolean' },
    organisation: { type: 'string' },
    out: { type: 'string' },
    reason: { type: 'string' },
  });
  const [sub, arg, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(usage);
  if (sub === 'export' && arg === undefined) return exportCommand(io, parsed.values);
  if (sub === 'import' && arg !== undefined) return importCommand(io, arg, parsed.values);
  if (sub === 'list' && arg === undefined) {
    if (parsed.values.json) {
      io.out(
        JSON.stringify(
          listPacks().map((p) => ({ id: p.id, name: p.name, version: p.version, seed: p.seed })),
          null,
          2,
        ),
      );
    } else for (const p of listPacks()) io.out(`${p.id.padEnd(24)} ${p.name} (${p.seed})`);
    return 0;
  }
  if (sub === 'show' && arg !== undefined) {
    const pack = getPack(arg);
    if (!pack) {
      io.err(
        `unknown policy pack "${arg}"; known: ${listPacks()
          .map((p) => p.id)
          .join(', ')}`,
      );
      return 1;
    }
    if (parsed.values.json) io.out(JSON.stringify(pack, null, 2));
    else for (const line of describe(pack)) io.out(line);
    return 0;
  }
  if (sub === 'validate' && arg !== undefined) {
    const json = await readJson(io, arg);
    if (!json.ok) return 1;
    // One validation: what `policy import` and the policy pages save (an export's note aside).
    const result = checkDraft({ pack: json.value });
    if (!result.ok) {
      for (const problem of result.problems) io.err(problem);
      return 1;
    }
    io.out(`${arg}: a valid policy pack (${result.value.id})`);
    return 0;
  }
  throw new UsageError(usage);
}
