import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Postgres } from './postgres.js';
import { Product } from './product.js';
import type { Random } from './util.js';

/** The counts of a run: bounded in CI, the with --full. */
export interface Counts {
  crashes: number;
  crashRate: number;
  pgRestarts: number;
  pgRate: number;
  stormClients: number;
  stormRestarts: number;
  stormRate: number;
  tamperTrials: number;
  raceRuns: number;
  noTokenAttempts: number;
  garbageFrames: number;
  flooders: number;
  floodEvents: number;
}

export const BOUNDED: Counts = {
  crashes: 4,
  crashRate: 25,
  pgRestarts: 2,
  pgRate: 25,
  stormClients: 100,
  stormRestarts: 2,
  stormRate: 10,
  tamperTrials: 30,
  raceRuns: 12,
  noTokenAttempts: 500,
  garbageFrames: 200,
  flooders: 2,
  floodEvents: 2000,
};

export const FULL: Counts = {
  crashes: 20,
  crashRate: 50,
  pgRestarts: 10,
  pgRate: 50,
  stormClients: 500,
  stormRestarts: 2,
  stormRate: 20,
  tamperTrials: 100,
  raceRuns: 200,
  noTokenAttempts: 5000,
  garbageFrames: 1000,
  flooders: 5,
  floodEvents: 10_000,
};

export class Context {
  private readonly products: Product[] = [];
  private databases = 0;
  readonly jwtSecret = randomBytes(32).toString('hex');

  constructor(
    readonly pg: Postgres,
    readonly counts: Counts,
    readonly random: Random,
    readonly logDir: string,
    readonly log: (line: string) => void,
  ) {}

  /** A fresh database for one scenario (the API migrates and seeds it when it starts). */
  async database(label: string): Promise<{ name: string; url: string }> {
    const name = `truce_faults_${++this.databases}_${label}`;
    return { name, url: await this.pg.createDatabase(name) };
  }

  async product(databaseUrl: string, label: string, env: Record<string, string> = {}): Promise<Product> {
    const product = await Product.create(databaseUrl, this.jwtSecret, join(this.logDir, `api-${label}.log`), env);
    this.products.push(product);
    return product;
  }

  async stopProducts(): Promise<void> {
    for (const p of this.products) {
      await p.stop().catch(() => p.killSync());
      p.close();
    }
    this.products.length = 0;
  }

  killAllSync(): void {
    for (const p of this.products) p.killSync();
    this.pg.killSync();
  }
}
