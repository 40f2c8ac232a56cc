// Fakes of fs.promises for fault tests, over the real disk: a disk with only `freeBytes` left
// (writes past it write what fits, then fail with ENOSPC, as a full disk does), or one whose
// every write fails with a given code (read-only: EROFS, no permission: EACCES).
import { promises as fs } from 'fs';
import type { WriteFs } from '../files/atomic-write';

function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = { ENOSPC: 'no space left on device', EROFS: 'read-only file system', EACCES: 'permission denied' };
  const e = new Error(`${code}: ${messages[code] ?? code}, ${syscall} '${file}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  e.path = file;
  return e;
}

export interface FullDisk extends WriteFs {
  /** Bytes still free. */
  free(): number;
  /** Paths the fake wrote to (temp files included). */
  written: Set<string>;
}

/**
 * A disk with `freeBytes` free. Only bytes written through the fake count; removing or renaming
 * over a file it wrote gives them back; overwriting within a file's size costs nothing.
 */
export function fullDisk(freeBytes: number): FullDisk {
  let free = freeBytes;
  const sizes = new Map<string, number>();
  const written = new Set<string>();
  const charge = (file: string, end: number): number => {
    const before = sizes.get(file) ?? 0;
    const grow = Math.max(0, end - before);
    const allowed = Math.min(grow, free);
    free -= allowed;
    sizes.set(file, before + allowed);
    return allowed === grow ? end : before + allowed;
  };
  const wrap = (file: string, handle: fs.FileHandle, start: number) => {
    let pos = start;
    const put = async (buf: Buffer, at: number | null, syscall: string) => {
      const offset = at ?? pos;
      const end = charge(file, offset + buf.length);
      const fits = Math.max(0, end - offset);
      if (fits > 0) await handle.write(buf, 0, fits, offset);
      if (at === null) pos = offset + fits;
      if (fits < buf.length) throw errnoError('ENOSPC', syscall, file);
      return { bytesWritten: buf.length, buffer: buf };
    };
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'writeFile' || prop === 'appendFile') return (data: string | Buffer) => put(Buffer.from(data as string), null, 'write');
        if (prop === 'write') {
          return (data: string | Buffer, offset?: number, length?: number, position?: number | null) => {
            const buf = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0, (offset ?? 0) + (length ?? data.length));
            return put(buf, typeof data === 'string' ? (offset as number | null | undefined) ?? null : position ?? null, 'write');
          };
        }
        if (prop === 'truncate') {
          return async (len = 0) => {
            const before = sizes.get(file) ?? 0;
            if (len < before) {
              free += before - len;
              sizes.set(file, len);
            }
            return target.truncate(len);
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const release = (file: string) => {
    free += sizes.get(file) ?? 0;
    sizes.delete(file);
  };
  return {
    written,
    free: () => free,
    mkdir: fs.mkdir,
    access: fs.access,
    link: async (a, b) => {
      await fs.link(a, b);
      sizes.set(String(b), sizes.get(String(a)) ?? 0);
      sizes.set(String(a), 0);
    },
    rename: async (a, b) => {
      await fs.rename(a, b);
      release(String(b));
      sizes.set(String(b), sizes.get(String(a)) ?? 0);
      sizes.delete(String(a));
    },
    rm: async (p, o) => {
      await fs.rm(p, o);
      release(String(p));
    },
    open: (async (file: string, flags?: string | number, mode?: number) => {
      const handle = await fs.open(file, flags, mode);
      if (typeof flags === 'string' && /[wa+]/.test(flags)) {
        written.add(file);
        const stat = await handle.stat();
        // A file already on the disk holds its space; truncating it ('w') gives that back.
        if (!sizes.has(file)) sizes.set(file, stat.size);
        if (flags.startsWith('w')) release(file);
        const start = flags.startsWith('a') ? stat.size : 0;
        return wrap(file, handle, start);
      }
      return handle;
    }) as WriteFs['open'],
  };
}

/** Every write (open for writing, mkdir, rename, link) fails with `code` (EROFS, EACCES...). */
export function refusingDisk(code: string): WriteFs {
  const refuse = (syscall: string) => async (p: unknown) => {
    throw errnoError(code, syscall, String(p));
  };
  return {
    // An existing folder is fine (as on a real read-only mount); creating one is refused.
    mkdir: (async (p: string) => {
      const exists = await fs.stat(p).then((s) => s.isDirectory(), () => false);
      if (!exists) throw errnoError(code, 'mkdir', p);
      return undefined;
    }) as WriteFs['mkdir'],
    access: fs.access,
    link: refuse('link') as WriteFs['link'],
    rename: refuse('rename') as WriteFs['rename'],
    rm: fs.rm,
    open: (async (file: string, flags?: string | number, mode?: number) => {
      if (typeof flags === 'string' && /[wa+]/.test(flags)) throw errnoError(code, 'open', file);
      return fs.open(file, flags, mode);
    }) as WriteFs['open'],
  };
}
