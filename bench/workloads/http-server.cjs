// A node:http server on 127.0.0.1 doing a little JSON work per request; prints its port.
'use strict';
const http = require('node:http');
const server = http.createServer((req, res) => {
  const body = JSON.stringify({ path: req.url, items: Array.from({ length: 20 }, (_, i) => ({ i, sq: i * i })) });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
