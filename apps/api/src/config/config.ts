import { z } from 'zod';

/**
 * Every setting the API reads from the environment: its type, its default and
 * what it is for. The API refuses to start on a bad value and names the variable.
 * `secret` settings are never logged.
 */
const settings = {
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    description: 'production disables the demo accounts and requires JWT_SECRET.',
  },
  PORT: {
    schema: z.coerce.number().int().min(0).max(65535).default(3000),
    description: 'HTTP port for the API, the socket.io gateway and the dashboard.',
  },
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Interface to listen on; 0.0.0.0 in containers.',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, { error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    description: 'External PostgreSQL. When unset, an embedded PostgreSQL is started with its data in TRUCE_DATA_DIR.',
    secret: true,
  },
  TRUCE_DATA_DIR: {
    schema: z.string().min(1).default('.data'),
    description: 'Folder for the embedded PostgreSQL data and local secrets (relative to the working directory).',
  },
  JWT_SECRET: {
    schema: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    description: 'Key that signs access tokens (HS256). Generated and kept in TRUCE_DATA_DIR when unset outside production.',
    secret: true,
  },
  JWT_TTL_SECONDS: {
    schema: z.coerce.number().int().min(60).max(24 * 3600).default(8 * 3600),
    description: 'Lifetime of an access token in seconds.',
  },
  DEMO_PASSWORD: {
    schema: z.string().min(8, { error: 'must be at least 8 characters' }).default('truce-demo'),
    description: 'Password of the seeded demo accounts (one per role); never used in production.',
    secret: true,
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
  },
  CORS_ORIGINS: {
    schema: z
      .string()
      .default('')
      .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
    description: 'Comma-separated origins allowed to call the API from another site; empty means same origin only.',
  },
  LOGIN_ATTEMPTS_PER_MINUTE: {
    schema: z.coerce.number().int().min(1).max(10_000).default(10),
    description: 'Login attempts allowed per minute for one client address and username; more get 429 with Retry-After.',
  },
  WRITES_PER_MINUTE: {
    schema: z.coerce.number().int().min(1).max(1_000_000).default(1200),
    description: 'Changes (POSTs) one account may make per minute; more get 429 with Retry-After.',
  },
  SOCKET_EVENTS_PER_SECOND: {
    schema: z.coerce.number().int().min(1).max(10_000).default(20),
    description: 'Messages one live socket may send per second; a socket that floods is dropped.',
  },
  OVERDUE_CHECK_SECONDS: {
    schema: z.coerce.number().int().min(1).max(3600).default(15),
    description: 'How often routed reports are checked against their acknowledgement deadline.',
  },
  LIVE_SESSION_CHECK_SECONDS: {
    schema: z.coerce.number().int().min(1).max(60).default(20),
    description: 'How often live sockets are checked against disabled or signed-out accounts (they are closed within this time).',
  },
  DASHBOARD_DIR: {
    schema: z.string().optional(),
    description: 'Folder of the built dashboard to serve; defaults to dist/apps/dashboard.',
  },
} as const;

type Settings = typeof settings;
export type AppConfig = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: { variable: string; problem: string }[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(settings)) {
    const raw = env[name];
    const parsed = setting.schema.safeParse(raw === '' && name !== 'CORS_ORIGINS' ? undefined : raw);
    if (parsed.success) out[name] = parsed.data;
    else problems.push({ variable: name, problem: parsed.error.issues.map((i) => i.message).join('; ') });
  }
  const config = out as AppConfig;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    problems.push({ variable: 'JWT_SECRET', problem: 'is required when NODE_ENV=production' });
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The settings with their descriptions, for `--help` and the README. */
export function describeSettings(): { variable: string; description: string }[] {
  return Object.entries(settings).map(([variable, s]) => ({ variable, description: s.description }));
}
