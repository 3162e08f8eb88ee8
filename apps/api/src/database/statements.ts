import pg from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import pgUtils from 'pg/lib/utils.js';

/** A statement and its `$1`, `$2`… values, built but not yet run. */
export interface Statement {
  text: string;
  values?: readonly unknown[];
}

/**
 * Runs several statements, in order, in one round trip to the database (the
 * simple query protocol), and answers each one's result, in order.
 *
 * Why: on the filing path each round trip costs the server and PostgreSQL
 * more than the statement itself (a context switch each way, a wake-up of
 * the event loop), so statements that do not need an answer in between go
 * together. Meant for use inside an explicit transaction (see
 * TransactionTogether): there each statement still takes a snapshot of its
 * own (READ COMMITTED), as if sent one by one; the first that fails ends the
 * round trip, the rest do not run, and the caller rolls back. (Outside one,
 * PostgreSQL runs the group as one implicit transaction.)
 *
 * The simple protocol takes no bind parameters, so the values are written
 * into the text as quoted literals: each value as `pg` would send it as a
 * parameter (prepareValue: the same text, untyped, so PostgreSQL infers its
 * type from the context just as for a parameter), escaped by `pg`'s
 * escapeLiteral. A NUL character cannot be sent either way and is refused.
 */
export async function runTogether(client: pg.ClientBase, statements: readonly Statement[]): Promise<pg.QueryResult[]> {
  if (statements.length === 0) return [];
  const text = statements.map((s) => withValuesInline(s)).join(';\n');
  const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
  const results = Array.isArray(result) ? result : [result];
  if (results.length !== statements.length) throw new Error(`runTogether: ${statements.length} statements answered ${results.length} results`);
  return results;
}

/**
 * The statement's text with each `$n` replaced by its value as a literal.
 * (Every `$n` of the text: a statement given here must not hold `$n` inside
 * a string literal of its own; the values themselves are never rescanned.)
 */
export function withValuesInline({ text, values = [] }: Statement): string {
  return text.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new Error(`no value for $${n}`);
    return literal(values[index]);
  });
}

function literal(value: unknown): string {
  const prepared = pgUtils.prepareValue(value);
  if (prepared === null) return 'NULL';
  if (typeof prepared !== 'string') throw new Error('runTogether: binary values cannot be written inline');
  if (prepared.includes('\u0000')) throw new Error('runTogether: a value holds the NUL character');
  return pg.escapeLiteral(prepared);
}

/** A connection of the pool for work that talks to `pg` directly, with TypeORM's manager on the same connection. */
export interface DirectConnection {
  client: pg.PoolClient;
  manager: EntityManager;
  /** Back to the pool; with an error, the connection is closed instead (it is broken, or in an unknown state). */
  release(broken?: Error): Promise<void>;
}

/**
 * Takes a connection through a TypeORM query runner, which listens for the
 * connection's `error` event while it is out (pg throws an unheard one, which
 * would end the process when the server goes away) and then releases it as
 * broken; a later release is a no-op.
 */
export async function connectDirect(dataSource: DataSource): Promise<DirectConnection> {
  const runner = dataSource.createQueryRunner() as QueryRunner & { releasePostgresConnection(error?: Error): Promise<void> };
  const client = (await runner.connect()) as pg.PoolClient;
  return { client, manager: runner.manager, release: (broken) => (broken ? runner.releasePostgresConnection(broken) : runner.release()) };
}

/**
 * A transaction whose statements go to the database in groups (runTogether):
 * BEGIN travels with the first group and COMMIT with the last, so a
 * transaction of three groups costs three round trips, not five.
 */
export class TransactionTogether {
  private state: 'new' | 'open' | 'committed' = 'new';

  constructor(private readonly client: pg.ClientBase) {}

  get committed(): boolean {
    return this.state === 'committed';
  }

  /** Runs statements in the transaction (opening it with them the first time); answers their results. */
  async run(statements: readonly Statement[]): Promise<pg.QueryResult[]> {
    return this.send(statements, false);
  }

  /** Runs the last statements and COMMIT, in one round trip; answers their results. */
  async commit(statements: readonly Statement[] = []): Promise<pg.QueryResult[]> {
    return this.send(statements, true);
  }

  private async send(statements: readonly Statement[], commit: boolean): Promise<pg.QueryResult[]> {
    if (this.state === 'committed') throw new Error('the transaction has already committed');
    const opening = this.state === 'new' ? [{ text: 'BEGIN' }] : [];
    this.state = 'open';
    const results = await runTogether(this.client, [...opening, ...statements, ...(commit ? [{ text: 'COMMIT' }] : [])]);
    if (commit) this.state = 'committed';
    return results.slice(opening.length, opening.length + statements.length);
  }
}

/**
 * Runs `work` in a transaction on a connection of its own (`manager` is
 * TypeORM's on that connection, for reads inside the transaction). `work`
 * must end by committing (TransactionTogether.commit); if it throws instead,
 * the transaction is rolled back, and a connection that cannot even roll back
 * is closed rather than handed to the next caller.
 */
export async function inTransactionTogether<T>(dataSource: DataSource, work: (tx: TransactionTogether, manager: EntityManager) => Promise<T>): Promise<T> {
  const connection = await connectDirect(dataSource);
  let result: T;
  try {
    const tx = new TransactionTogether(connection.client);
    result = await work(tx, connection.manager);
    if (!tx.committed) throw new Error('inTransactionTogether: the work returned without committing');
  } catch (error) {
    // Harmless when no transaction is open (PostgreSQL only warns).
    const broken = await connection.client.query('ROLLBACK').then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    await connection.release(broken);
    throw error;
  }
  await connection.release();
  return result;
}
