// What the browser gets of a listing: everything but the server's absolute runs path (a visitor
// has no business knowing the server's file system).
import type { RunListing } from './run-store';

export type PublicListing = Omit<RunListing, 'dir'>;

export function publicListing(listing: RunListing): PublicListing {
  const { dir: _dir, ...rest } = listing;
  return rest;
}
