#!/usr/bin/env node
// Thin launcher: the CLI is compiled from harness/cli/ into dist/ by `npm install` (prepare) or `npm run build`.
import { main } from '../dist/harness/cli/main.js';

// Leave once the command is done, even if something still holds the event loop (a connection that failed half
// open, a timer of a tool that hung): an unattended run must end, and its exit code must reach CI.
// stdout and stderr are synchronous on Linux pipes and files, so nothing printed is lost.
process.exit(await main(process.argv.slice(2)));
