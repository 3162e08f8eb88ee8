// @ts-check
/**
 * The baseline an HTTP ingest is measured against: a bare node:http server
 * that stores each POSTed body with one single-row INSERT through pg and
 * answers 201 after the commit. Nothing else: no auth, validation, idempotency,
 * classification, audit or event.
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await pool.query('CREATE TABLE IF NOT EXISTS raw_reports (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())');

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const { rows } = await pool.query('INSERT INTO raw_reports (body) VALUES ($1) RETURNING id', [Buffer.concat(chunks).toString()]);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: rows[0].id }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
