import { createHash } from 'node:crypto';
import http from 'node:http';

export interface ResponseWithTrailers {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: string;
}

/**
 * A GET with node:http, so the HTTP trailers can be read (fetch and supertest
 * do not expose them). Without a token it goes as a browser following a
 * download link does: no Authorization header at all.
 */
export function getWithTrailers(baseUrl: string, path: string, token?: string): Promise<ResponseWithTrailers> {
  const headers: http.OutgoingHttpHeaders = { te: 'trailers', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, trailers: res.trailers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
