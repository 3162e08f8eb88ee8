import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { MAX_SOCKET_FRAME_BYTES } from './live.gateway.js';

/** The dashboard's own dev and preview servers (Vite), allowed in development only. */
const DEV_ORIGINS = ['http://localhost:4200', 'http://localhost:4300'];

/**
 * The socket.io server the live gateway runs on, with the checks that belong
 * before any handshake: the frame size limit, and the Origin check — a browser
 * page of another site cannot open a socket with a victim's token. Clients that
 * send no Origin (field apps, scripts) are not browsers and pass to the token check.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: RuntimeConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = new Set([...this.config.CORS_ORIGINS, ...(this.config.NODE_ENV === 'development' ? DEV_ORIGINS : [])]);
    return super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_FRAME_BYTES,
      allowRequest: (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || allowed.has(origin) || isSameOrigin(origin, req.headers.host));
      },
    } as ServerOptions);
  }
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
