'use client';
// Re-renders the server component around it every `everyMs` while `active` (a run is still
// running), so the list follows live files without a reload.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function LiveRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
