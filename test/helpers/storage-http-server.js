// A small object server over HTTP: PUT stores (412 when If-None-Match: * meets an existing
// object), GET and HEAD read, everything needs `Authorization: Bearer <token>`.
import { createServer } from 'node:http';

export async function startHttpServer({ token }) {
  const objects = new Map();
  const server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401).end();
      return;
    }
    const key = request.url;
    if (request.method === 'PUT') {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        if (request.headers['if-none-match'] === '*' && objects.has(key)) {
          response.writeHead(412).end();
          return;
        }
        objects.set(key, { data: Buffer.concat(chunks), mtime: new Date() });
        response.writeHead(201).end();
      });
      return;
    }
    const object = objects.get(key);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
    } else if (!object) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'content-length': object.data.length, 'last-modified': object.mtime.toUTCString() });
      response.end(request.method === 'GET' ? object.data : undefined);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
