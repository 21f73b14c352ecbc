#!/usr/bin/env node
// The stdio adapter as a program of its own, for editors that start it (the VS Code extension):
// `node dist/dap-server/main.js` (main.cjs for those that require() it); the client's launch
// arguments name the dump.
import { runDapStdioProcess } from './run-dap-stdio.js';

await runDapStdioProcess();
