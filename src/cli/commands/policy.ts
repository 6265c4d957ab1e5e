/** `oversight policy list | show ID [--json] | validate FILE`. */
import {
  getPack,
  listPacks,
  type PolicyPack,
  ruleListKeys,
  validatePack,
} from '../../domain/policy/index.ts';
import { parse, UsageError } from '../args.ts';
import { type CliIo, processIo, readJson } from './cli-io.ts';

const usage = 'usage: oversight policy list | show ID [--json] | validate FILE';

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

export async function policyCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(args, { json: { type: 'boolean' } });
  const [sub, arg, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(usage);
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
    const result = validatePack(json.value);
    if (!result.ok) {
      for (const problem of result.problems) io.err(problem);
      return 1;
    }
    io.out(`${arg}: a valid policy pack (${result.value.id})`);
    return 0;
  }
  throw new UsageError(usage);
}
