import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { authService } from '../../services/auth-service.ts';
import { parse, UsageError } from '../args.ts';

const usage = `Usage:
  oversight tokens create --user EMAIL [--name NAME]   prints a new personal API token once
  oversight tokens list --user EMAIL
  oversight tokens revoke --user EMAIL --id TOKEN_ID
`;

export async function tokensCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parse(
    rest,
    {
      user: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean' },
    },
    false,
  );
  if (values.help || !action) {
    process.stdout.write(usage);
    return values.help ? 0 : 2;
  }
  if (!values.user) throw new UsageError('--user is required');
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const user = await repos.users.findByEmail(values.user!);
    if (!user) {
      process.stderr.write(`oversight tokens: user: no account for ${values.user}\n`);
      return 1;
    }
    if (action === 'create') {
      const auth = authService(repos, { idleMs: 0, absoluteMs: 0 });
      const secret = await auth.createApiToken(user, values.name ?? 'Personal token');
      process.stdout.write(
        `${secret}\nKeep this token secret: it is shown only once. Send it as 'Authorization: Bearer <token>'.\n`,
      );
      return 0;
    }
    if (action === 'list') {
      for (const token of await repos.apiTokens.listForUser(user.organisationId, user.id)) {
        const state = token.revoked_at ? 'revoked' : 'active';
        process.stdout.write(
          `${token.id}  ${state.padEnd(7)}  ${token.name}  created ${token.created_at.toISOString()}\n`,
        );
      }
      return 0;
    }
    if (action === 'revoke') {
      if (!values.id) throw new UsageError('--id is required');
      const revoked = await repos.apiTokens.revoke(user.organisationId, values.id);
      process.stdout[revoked ? 'write' : 'write'](
        revoked ? 'Revoked.\n' : 'No active token with that id.\n',
      );
      return revoked ? 0 : 1;
    }
    throw new UsageError(`unknown action '${action}'\n${usage}`);
  });
}
