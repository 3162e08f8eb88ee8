import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from './api-error.js';

export const MAX_JSON_BODY = '256kb';

/**
 * Parses JSON bodies and answers parse failures itself, in the API's error
 * shape: a malformed body is a 400 and an oversized one a 413, never an HTML page.
 */
export function jsonBody() {
  const parse = express.json({ limit: MAX_JSON_BODY, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.too.large')
        return res.status(413).json(errorBody(413, `The body is larger than ${MAX_JSON_BODY}.`, [{ field: '(body)', problem: 'too large' }]));
      if (e.type === 'entity.parse.failed')
        return res.status(400).json(errorBody(400, 'The body is not valid JSON.', [{ field: '(body)', problem: `malformed JSON: ${e.message ?? ''}` }]));
      const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
      return res.status(status).json(errorBody(status, e.message ?? 'Unreadable body.', [{ field: '(body)', problem: e.type ?? 'unreadable' }]));
    });
}
