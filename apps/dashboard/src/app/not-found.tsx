// Any URL the app has no page for: our own page (in the layout, with its nonce'd scripts),
// not Next.js' default one, whose inline <style> the policy would block.
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found · lrfinder' };

export default function NotFound() {
  return (
    <div className="card problem" data-testid="not-found">
      <h1>Page not found</h1>
      <p className="error-text">There is no page at this address.</p>
      <p>
        <Link href="/">Back to the runs</Link>
      </p>
    </div>
  );
}
