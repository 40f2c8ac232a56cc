import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'lrfinder dashboard', template: '%s' },
  description: 'Learning rate range tests: runs, charts, comparisons and browser sweeps.',
};

// Every page is rendered per request: its scripts carry that answer's CSP nonce (scripts/http-gate.cjs).
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            lrfinder
          </Link>
          <nav>
            <Link href="/">Runs</Link>
            <Link href="/compare">Compare</Link>
            <Link href="/upload">Upload</Link>
            <Link href="/sweep">Browser sweep</Link>
          </nav>
        </header>
        <main className="content">{children}</main>
      </body>
    </html>
  );
}
