import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { expressServerClasses } from '../express-classes';

/** An app that tells, for each request, whether it arrived already with express's prototypes, and echoes what express read. */
function probe(): Express {
  const app = express();
  app.set('trust proxy', 'loopback');
  type Handle = (req: http.IncomingMessage, res: http.ServerResponse, next?: unknown) => void;
  const withHandle = app as unknown as { handle: Handle };
  const handle = withHandle.handle.bind(app);
  withHandle.handle = (req, res, next) => {
    res.setHeader(
      'x-born-with-express-prototypes',
      String(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response),
    );
    handle(req, res, next);
  };
  app.get('/echo', (req, res) => {
    res.status(201).json({ ua: req.get('user-agent'), ip: req.ip, protocol: req.protocol, q: req.query.q });
  });
  return app;
}

async function serve(app: Express, options: http.ServerOptions) {
  const server = http.createServer(options, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('expressServerClasses: requests born with the prototypes express gives them', () => {
  it('express finds its prototypes already in place, and reads and answers as it always does', async () => {
    const app = probe();
    const { server, url } = await serve(app, expressServerClasses(app));
    try {
      const res = await fetch(`${url}/echo?q=1`, { headers: { 'user-agent': 'probe', 'x-forwarded-proto': 'https' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-born-with-express-prototypes')).toBe('true');
      expect(await res.json()).toEqual({ ua: 'probe', ip: '127.0.0.1', protocol: 'https', q: '1' });
      // Keep-alive: the next request on the same connection is built the same way.
      const again = await fetch(`${url}/missing`);
      expect(again.status).toBe(404);
      expect(again.headers.get('x-born-with-express-prototypes')).toBe('true');
    } finally {
      server.close();
    }
  });

  it("without them, Node's own classes arrive and express switches their prototypes (what this avoids)", async () => {
    const app = probe();
    const { server, url } = await serve(app, {});
    try {
      const res = await fetch(`${url}/echo`);
      expect(res.headers.get('x-born-with-express-prototypes')).toBe('false');
    } finally {
      server.close();
    }
  });
});
