import fc from 'fast-check';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { TransactionTogether, inTransactionTogether, runTogether, withValuesInline } from '../../apps/api/src/database/statements.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Values written inline (runTogether) must reach PostgreSQL exactly as the same values bound as parameters do. */
describe('statements run together, values inline', () => {
  let t: TestApp;
  let client: pg.PoolClient;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    client = await t.db.connect();
    dataSource = await new DataSource(dataSourceOptions(t.databaseUrl)).initialize();
  });
  afterAll(async () => {
    client.release();
    await dataSource.destroy();
    await t.close();
  });

  const SQL = `SELECT $1::text AS t, $2::text[] AS a, $3::jsonb AS j, $4::timestamptz AS at, $5::float8 AS f, $6::boolean AS b, $7::text AS n`;
  const noNul = (s: string) => s.replaceAll('\u0000', '');
  /** Any text, or text made of the characters quoting and escaping are about. */
  const tricky = (maxLength: number) =>
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength }),
      fc.string({ unit: fc.constantFrom("'", '"', '\\', '{', '}', ',', '$', '1', 'E', ' ', '\n', ';', '-', 'é', '😀'), maxLength }),
    ).map(noNul);

  it('quotes, backslashes, braces, unicode and injection attempts arrive as the same values as bound parameters', async () => {
    // jsonb goes as its JSON text, as the product's statements send it.
    const cases: unknown[][] = [
      ["it's", ['a"b', 'c\\d', '{e,f}', 'NULL', ''], JSON.stringify({ k: "v'\\" }), new Date('2017-01-02T03:04:05.678Z'), -0.1, true, null],
      ["'); DROP TABLE incidents; --", ["'); DROP TABLE users; --"], JSON.stringify(['$1', '$2']), new Date(0), 1e-7, false, null],
      ["E'\\\\x'", ['\\'], JSON.stringify('plain string'), new Date('2099-12-31T23:59:59.999Z'), 33.333333333333336, true, null],
    ];
    for (const values of cases) {
      const bound = (await client.query(SQL, values)).rows[0];
      const [inline] = await runTogether(client, [{ text: SQL, values }]);
      expect(inline!.rows[0]).toEqual(bound);
      expect(bound.t).toBe(values[0]);
    }
    expect(Number((await client.query('SELECT count(*) FROM incidents')).rows[0].count)).toBeGreaterThanOrEqual(0);
  });

  it('any string and any array of strings round-trips unchanged (1,000 generated)', async () => {
    await fc.assert(
      fc.asyncProperty(tricky(40), fc.array(tricky(12), { maxLength: 5 }), async (s, a) => {
        const [result] = await runTogether(client, [{ text: 'SELECT $1::text AS s, $2::text[] AS a', values: [s, a] }]);
        expect(result!.rows[0]).toEqual({ s, a });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a value holding NUL, which the simple protocol would cut the statement at', () => {
    expect(() => withValuesInline({ text: 'SELECT $1', values: ['a\u0000b'] })).toThrow(/NUL/);
  });

  it('answers each statement’s result in order; a failing statement ends the group and the transaction rolls back', async () => {
    await client.query('CREATE TEMP TABLE together_probe (n int PRIMARY KEY)');
    const results = await runTogether(client, [{ text: 'INSERT INTO together_probe VALUES ($1), ($2) RETURNING n', values: [1, 2] }, { text: 'SELECT count(*)::int AS c FROM together_probe' }]);
    expect(results.map((r) => r.rows)).toEqual([[{ n: 1 }, { n: 2 }], [{ c: 2 }]]);

    await expect(
      inTransactionTogether(dataSource, async (tx) => {
        await tx.run([{ text: 'CREATE TABLE together_rolled_back (n int)' }, { text: 'INSERT INTO together_rolled_back VALUES (1)' }]);
        await tx.commit([{ text: 'SELECT 1/0' }]);
      }),
    ).rejects.toThrow(/division by zero/);
    expect((await client.query("SELECT to_regclass('together_rolled_back') AS t")).rows[0].t).toBeNull();

    const committed = await inTransactionTogether(dataSource, async (tx: TransactionTogether) => {
      await tx.run([{ text: 'CREATE TABLE together_committed (n int)' }]);
      return (await tx.commit([{ text: 'INSERT INTO together_committed VALUES ($1) RETURNING n', values: [7] }]))[0]!.rows;
    });
    expect(committed).toEqual([{ n: 7 }]);
    expect((await client.query('SELECT n FROM together_committed')).rows).toEqual([{ n: 7 }]);
    await expect(inTransactionTogether(dataSource, async (tx) => void (await tx.run([{ text: 'SELECT 1' }])))).rejects.toThrow(/without committing/);
  });

  it('a connection lost in the middle of a transaction fails that transaction, not the process, and is not reused', async () => {
    await expect(
      inTransactionTogether(dataSource, async (tx) => {
        const [me] = await tx.run([{ text: 'SELECT pg_backend_pid() AS pid' }]);
        await t.db.query('SELECT pg_terminate_backend($1)', [me!.rows[0].pid]);
        await tx.commit([{ text: 'SELECT 1' }]);
      }),
    ).rejects.toThrow();
    // The pool hands out working connections afterwards.
    for (let i = 0; i < 3; i++) expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
