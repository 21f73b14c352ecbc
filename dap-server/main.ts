#!/usr/bin/env node
// The stdio adapter as a program of its own, for editors that start it (the VS Code extension):
// `node dist/dap-server/main.js`; the client's launch arguments name the dump.
import { runDapStdio } from './run-dap-stdio.js';

process.exitCode = await runDapStdio();
// The client has gone: a dump still loading (a URL that never answers) must not keep the adapter
// alive. The callback runs once stdout has taken the last response.
process.stdout.write('', () => process.exit());
