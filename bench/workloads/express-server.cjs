// An Express 4 server on 127.0.0.1 with a router, JSON body and an error-handling middleware, doing
// the same small JSON work per request as http-server.cjs; prints its port.
'use strict';
const express = require('express');
const app = express();
const orders = express.Router();
orders.get('/:id', (req, res) => {
  res.json({ path: req.originalUrl, id: req.params.id, items: Array.from({ length: 20 }, (_, i) => ({ i, sq: i * i })) });
});
app.use(express.json());
app.use('/orders', orders);
app.use((error, _req, res, _next) => res.status(500).json({ error: error.message }));
const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
