import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';
// The viewer's stylesheet: every rule is scoped under .td- classes, so it can sit in the layout.
import 'tracedeck/main.css';
import { HostNav } from './nav';
import { ThemeProvider } from './theme';

export const metadata: Metadata = { title: 'Acme dashboard' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: Next puts the CSP nonce that proxy.ts made on its scripts only then.
  await connection();
  return (
    <html lang="en">
      <body>
        <ThemeProvider>
          <HostNav />
          <main className="host-main">{children}</main>
        </ThemeProvider>
      </body>
    </html>
  );
}
