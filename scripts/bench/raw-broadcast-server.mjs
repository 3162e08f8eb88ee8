// @ts-check
/** The fan-out baseline: a bare socket.io server that broadcasts every POSTed payload to every client. */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const payload = JSON.parse(Buffer.concat(chunks).toString());
    // Answer first, as the product does (201 after commit, then the fan-out), so both are timed from the 201.
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}', () => io.emit('report', payload));
  });
});
const io = new Server(http, { serveClient: false });
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
