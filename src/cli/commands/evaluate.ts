/** `oversight evaluate BUNDLE --as-of YYYY-MM-DD [--policy ID] [--from DATE] [--json]`. */
import { parseBundle } from '../../domain/bundle/index.ts';
import { evaluateCompliance, summarise } from '../../domain/compliance/index.ts';
import { organisationPolicy } from '../../domain/compliance/organisation-policy.ts';
import { parse, UsageError } from '../args.ts';
import { type CliIo, processIo, readJson } from './cli-io.ts';

const usage =
  'usage: oversight evaluate BUNDLE --as-of YYYY-MM-DD [--policy ID] [--from YYYY-MM-DD] [--json]';
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export async function evaluateCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const { values, positionals } = parse(args, {
    'as-of': { type: 'string' },
    policy: { type: 'string' },
    from: { type: 'string' },
    json: { type: 'boolean' },
  });
  const asOf = values['as-of'];
  if (positionals.length !== 1) throw new UsageError(`expected one BUNDLE file\n${usage}`);
  if (!asOf || !datePattern.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new UsageError(`--as-of: expected a date YYYY-MM-DD\n${usage}`);
  }
  if (values.from !== undefined && !datePattern.test(values.from)) {
    throw new UsageError('--from: expected a date YYYY-MM-DD');
  }
  const json = await readJson(io, positionals[0] as string);
  if (!json.ok) return 1;
  const bundle = parseBundle(json.value);
  if (!bundle.ok) {
    for (const problem of bundle.problems) io.err(problem);
    return 1;
  }
  const policy = organisationPolicy(bundle.value.organisation, values.policy);
  if (!policy.ok) {
    for (const problem of policy.problems) io.err(problem);
    return 1;
  }
  const { pack, calendar } = policy.value;
  const obligations = evaluateCompliance(bundle.value, pack, asOf, {
    calendar,
    ...(values.from ? { from: values.from } : {}),
  });
  if (values.json) {
    io.out(
      JSON.stringify(
        { organisation: bundle.value.organisation.id, policy: pack.id, asOf, obligations },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(
    `${bundle.value.organisation.name}: ${obligations.length} obligations as of ${asOf} (${pack.id})`,
  );
  for (const [kind, states] of Object.entries(summarise(obligations))) {
    io.out(
      `  ${kind.padEnd(24)} ${Object.entries(states)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
  }
  return 0;
}
