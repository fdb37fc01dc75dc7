import { NextResponse, type NextRequest } from 'next/server';

// A per-request nonce for Next's own scripts, and exactly what the viewer needs besides:
// 'wasm-unsafe-eval' to compile its WebAssembly, connect-src 'self' for the wasm file and the
// /acme/api/jaeger proxy. 'strict-dynamic' lets the nonced scripts load the page's chunks.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  // Development only: React's debugging aids evaluate code, and Next injects its styles inline.
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
  // Next reads the nonce from the request's header while rendering; the browser, from the response's.
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

// Pages only: not the API proxy, Next's static files or prefetches (their pages carry the policy).
// With a basePath, Next prefixes each source with it and only a bare '/' also matches '/acme'
// itself, so the home page needs an entry of its own. (Literal values: Next reads them at build.)
export const config = {
  matcher: [
    {
      source: '/',
      missing: [{ type: 'header', key: 'next-router-prefetch' }, { type: 'header', key: 'purpose', value: 'prefetch' }],
    },
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }, { type: 'header', key: 'purpose', value: 'prefetch' }],
    },
  ],
};
