import type { Params } from 'nestjs-pino';
import type { RuntimeConfig } from './config/runtime-config.js';

/**
 * Structured logs (pino). Request logs carry method, path and status only:
 * never bodies, tokens or passwords, so no monitor identity reaches a log line.
 */
export function loggerOptions(config: RuntimeConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.accessToken'], remove: true },
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      ...(config.NODE_ENV === 'test' ? { level: config.LOG_LEVEL } : {}),
    },
  };
}
