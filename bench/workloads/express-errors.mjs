// The Express server of express-server.cjs, where one request in 100 fails in a route (a handled
// error: the app answers 500). With WITH_WIPEOUT=1, wipeout's error middleware sits before the
// app's error handler. Prints its port.
import express from 'express';

const app = express();
let served = 0;
function loadOrder(id) {
  const items = Array.from({ length: 20 }, (_, i) => ({ i, sq: i * i }));
  if (++served % 100 === 0) throw new Error(`order ${id} is locked by another request`);
  return { id, items };
}
app.use(express.json());
app.get('/orders/:id', (req, res) => res.json({ path: req.originalUrl, ...loadOrder(req.params.id) }));
if (process.env.WITH_WIPEOUT === '1') app.use((await import('wipeout/express')).wipeout());
app.use((error, _req, res, _next) => res.status(500).json({ error: error.message }));
const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
