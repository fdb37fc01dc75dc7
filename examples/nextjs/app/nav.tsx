'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme';

export function HostNav() {
  // usePathname is relative to basePath: '/' and '/traces'.
  const path = usePathname();
  const link = (href: string, label: string) => (
    <Link href={href} aria-current={path === href ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="host-nav" aria-label="Acme">
      {link('/', 'Home')}
      {link('/traces', 'Traces')}
      <ThemeToggle />
    </nav>
  );
}
