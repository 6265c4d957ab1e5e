import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { UserAdminError, userAdminService } from '../../services/user-admin-service.ts';
import { parse, UsageError } from '../args.ts';

const usage = `Usage:
  oversight users create --email EMAIL --name NAME --role ROLE [--role ROLE…] [--organisation SLUG] [--password-stdin]
  oversight users reset-password --email EMAIL [--password-stdin]
Roles: practitioner, supervisor, senior_manager, auditor, administrator, investigating_officer, inspector.
Without --password-stdin a password is generated and printed once.
`;

export async function usersCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parse(
    rest,
    {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    false,
  );
  if (values.help || !action) {
    process.stdout.write(usage);
    return values.help ? 0 : 2;
  }
  if (!values.email) throw new UsageError('--email is required');
  const password = values['password-stdin'] ? await readStdin() : undefined;
  try {
    return await withDatabase(async (pool) => {
      const admin = userAdminService(repositories(pool));
      if (action === 'create') {
        if (!values.name) throw new UsageError('--name is required');
        const created = await admin.create({
          organisationSlug: values.organisation,
          email: values.email!,
          displayName: values.name,
          roles: values.role ?? [],
          password,
        });
        process.stdout.write(
          `Created ${values.email}${password ? '' : ` with password: ${created.password}`}\n`,
        );
        return 0;
      }
      if (action === 'reset-password') {
        const chosen = await admin.resetPassword(values.email!, password);
        process.stdout.write(
          `Password reset for ${values.email}${password ? '' : `: ${chosen}`}\n`,
        );
        return 0;
      }
      throw new UsageError(`unknown action '${action}'\n${usage}`);
    });
  } catch (error) {
    if (!(error instanceof UserAdminError)) throw error;
    process.stderr.write(`oversight users: ${error.message}\n`);
    return 1;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
