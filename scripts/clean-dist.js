// Empties dist/ before tsc writes it, so a source file that was removed or renamed leaves no
// compiled copy behind to be loaded or published.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
