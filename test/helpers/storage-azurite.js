// Azurite, Microsoft's Azure Storage emulator, serving Blob on a free loopback port in a child
// process, in memory, with its well-known development account and a container named `test`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const ACCOUNT_NAME = 'devstoreaccount1';
// Azurite's published development key: not a secret.
export const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function startAzurite() {
  const main = join(dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const child = spawn(
    process.execPath,
    [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`azurite exited with code ${code}: ${output}`)));
  });
  const blobEndpoint = `http://127.0.0.1:${port}/${ACCOUNT_NAME}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
  const sdk = await import('@azure/storage-blob');
  await sdk.BlobServiceClient.fromConnectionString(connectionString).getContainerClient('test').create();
  const sasToken = sdk
    .generateAccountSASQueryParameters(
      {
        permissions: sdk.AccountSASPermissions.parse('rwlc'),
        resourceTypes: sdk.AccountSASResourceTypes.parse('sco').toString(),
        services: sdk.AccountSASServices.parse('b').toString(),
        expiresOn: new Date(Date.now() + 3_600_000),
      },
      new sdk.StorageSharedKeyCredential(ACCOUNT_NAME, ACCOUNT_KEY),
    )
    .toString();
  return {
    port,
    blobEndpoint,
    connectionString,
    /** An account SAS that may read, write, list and create blobs for an hour. */
    sasToken,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
