#!/usr/bin/env node
// Thin launcher: the CLI is compiled from harness/cli/ into dist/ by `npm install` (prepare) or `npm run build`.
import { main } from '../dist/harness/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
