import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/data-access/embedded-postgres.ts';

// npm run test:crash kills the whole server again and again (docs/reliability.md); this is the
// part of it a reboot adds: the pid files left behind name processes that are not ours.
describe.runIf(process.platform === 'linux')('embedded PostgreSQL after a crash', () => {
  it('starts over pid files whose pids now belong to other processes, leaving them alone', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oversight-reboot-'));
    const stranger = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      const first = await startEmbeddedPostgres(dataDir);
      const lockFile = path.join(dataDir, 'oversight.lock');
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      const [, identity = ''] = readFileSync(lockFile, 'utf8').split('\n');
      const postmaster = readFileSync(pidFile, 'utf8');
      await first.stop();
      // What the crash left, with the pids handed to the stranger since.
      const bootId = identity.split(' ')[0];
      writeFileSync(lockFile, `${stranger.pid}\n${bootId} 1\n`);
      writeFileSync(pidFile, postmaster.replace(/^\d+/, String(stranger.pid)));

      const again = await startEmbeddedPostgres(dataDir);
      await again.stop();
      expect(stranger.exitCode).toBeNull();
      expect(stranger.signalCode).toBeNull();
    } finally {
      stranger.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
