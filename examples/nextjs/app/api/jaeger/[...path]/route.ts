import type { NextRequest } from 'next/server';

// Jaeger's query service sends no CORS headers, so the browser reaches it through this origin.
// JAEGER_QUERY_URL is read per request: the same build runs against any Jaeger.

/** An answer in the shape of Jaeger's own errors, which the viewer shows as such. */
function badGateway(msg: string) {
  return Response.json({ data: null, errors: [{ code: 502, msg }] }, { status: 502 });
}

export async function GET(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {
  const base = process.env.JAEGER_QUERY_URL;
  if (!base) return badGateway('JAEGER_QUERY_URL is not set on the dashboard server');
  const { path } = await params;
  const target = `${base.replace(/\/+$/, '')}/api/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`;
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      headers: { accept: request.headers.get('accept') ?? 'application/json' },
      // The viewer gives up on a request (timeout, unmount): so does this one.
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    // The cause's code (ECONNREFUSED, …) rather than its message, which names the internal address.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return badGateway(`Jaeger query service unreachable (${cause?.code ?? cause?.message ?? String(error)})`);
  }
  // Streamed through as it arrives; fetch already undid any content-encoding, so only the type goes along.
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' },
  });
}
