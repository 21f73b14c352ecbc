// An S3-compatible server (s3rver) on a free loopback port, in a child process so that it keeps
// answering while the test process is blocked in spawnSync (uploadAtCrash). s3rver checks the
// access key id (S3RVER) but not SigV4 signatures, so "bad credentials" means a bad key id.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/** Starts s3rver with the bucket `test`; resolves to its endpoint, options and `stop()`. */
export async function startS3Server() {
  const directory = mkdtempSync(join(tmpdir(), 'wipeout-s3rver-'));
  const child = spawn(process.execPath, [self, directory], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /^listening (\d+)$/m.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited with code ${code}: ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    options: { endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === self) {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[2], configureBuckets: [{ name: 'test' }] });
  const { port } = await server.run();
  process.stdout.write(`listening ${port}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
}
