import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The dashboard lives under a path prefix, as behind a shared reverse proxy: the viewer's `api`
  // and the host's links all carry it.
  basePath: '/acme',
  // This app, not the repository around it (which has a lockfile of its own), is the root.
  turbopack: { root: __dirname },
};

export default nextConfig;
