import type { AppConfig } from './config.js';

/** The configuration once resolved at start: the database and the signing key are known. */
export interface RuntimeConfig extends AppConfig {
  databaseUrl: string;
  jwtSecret: string;
  /** True when the database is the embedded one this process started. */
  embeddedDatabase: boolean;
}

export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
