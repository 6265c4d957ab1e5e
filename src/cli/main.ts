import { ConfigError } from '../config.ts';
import { DatabaseUnreachableError } from '../data-access/connection.ts';
import { DataDirectoryInUseError } from '../data-access/embedded-postgres.ts';
import { UsageError } from './args.ts';

type Command = { summary: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  serve: {
    summary: 'Start the web server (the embedded database unless DATABASE_URL is set)',
    run: async (a) => (await import('./commands/serve.ts')).serveCommand(a),
  },
  migrate: {
    summary: 'Apply pending database migrations (safe to run twice)',
    run: async (a) => (await import('./commands/migrate.ts')).migrateCommand(a),
  },
  demo: {
    summary:
      'Load the demo organisation (--scale large|multi for the generated ones); --reset reloads it',
    run: async (a) => (await import('./commands/demo.ts')).demoCommand(a),
  },
  users: {
    summary: 'users create | reset-password: manage sign-in accounts',
    run: async (a) => (await import('./commands/users.ts')).usersCommand(a),
  },
  tokens: {
    summary: 'tokens create | list | revoke: personal API tokens',
    run: async (a) => (await import('./commands/tokens.ts')).tokensCommand(a),
  },
  policy: {
    summary: 'policy list | show ID | validate FILE | export | import FILE: packs and versions',
    run: async (a) => (await import('./commands/policy.ts')).policyCommand(a),
  },
  evaluate: {
    summary: 'evaluate BUNDLE --as-of DATE: obligations of an organisation snapshot',
    run: async (a) => (await import('./commands/evaluate.ts')).evaluateCommand(a),
  },
  import: {
    summary: 'import FILE [--dry-run]: staff, children and more from CSV or a bundle',
    run: async (a) => (await import('./commands/import.ts')).importCommand(a),
  },
  export: {
    summary: 'export > bundle.json: the organisation as a bundle',
    run: async (a) => (await import('./commands/export.ts')).exportCommand(a),
  },
  compliance: {
    summary: 'compliance --as-of DATE: obligations of the stored organisation',
    run: async (a) => (await import('./commands/compliance.ts')).complianceCommand(a),
  },
  calendar: {
    summary: 'calendar import FILE | show: bank holidays and working days',
    run: async (a) => (await import('./commands/calendar.ts')).calendarCommand(a),
  },
  audit: {
    summary: "audit verify: check the audit trail's hash chain, naming any row that breaks it",
    run: async (a) => (await import('./commands/audit.ts')).auditCommand(a),
  },
  retention: {
    summary: 'retention [--dry-run | --run ID]: delete records past their retention period',
    run: async (a) => (await import('./commands/retention.ts')).retentionCommand(a),
  },
  'subject-access': {
    summary: 'subject-access --child ID | --staff EMAIL [--out FILE]: everything about one person',
    run: async (a) => (await import('./commands/subject-access.ts')).subjectAccessCommand(a),
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return `Usage: oversight <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'oversight <command> --help' for a command's options.\n`;
}

/** Returns the exit code; expected failures print one clear line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`oversight: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof DatabaseUnreachableError ||
      error instanceof DataDirectoryInUseError
    ) {
      process.stderr.write(`oversight ${name}: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}
