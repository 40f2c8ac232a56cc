// Fetching wheels with the user's own pip (so the index, mirrors and proxies configured for pip
// apply; no host is named here) and unpacking only the members we need (Python's zipfile, which
// streams: the GPU wheel's library alone is 1.1 GB).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NativeSetupError } from './errors';
import { firstErrorLine, type CommandRunner } from './runner';

/** Headers the binding includes, by folder (found with `g++ -M` on tfjs-node 4.22's binding). */
export const HEADER_FOLDERS = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/platform/', 'xla/tsl/c/'];

/** Wheel members to unpack for the binding (a Python regex, whole names): the two libraries and those headers. */
export const TENSORFLOW_MEMBERS = `tensorflow/(libtensorflow_cc\\.so\\.2|libtensorflow_framework\\.so\\.2|include/(${HEADER_FOLDERS.map((f) => f.replace(/\./g, '\\.')).join('|')}).*)`;

/** pip's failure as one line with its fix. */
export function pipFailure(result: { stderr: string; stdout: string; code: number | null }, requirement: string, python: string): NativeSetupError {
  const text = `${result.stderr}\n${result.stdout}`;
  const offline = 'configure pip for your network (pip config set global.index-url <your mirror>, or HTTPS_PROXY), or fetch the wheel elsewhere and point pip at it (PIP_NO_INDEX=1 PIP_FIND_LINKS=<folder with the .whl>), or set LRFINDER_TENSORFLOW_DIR';
  if (/No module named pip/i.test(text)) {
    return new NativeSetupError(`${python} has no pip (it fetches TensorFlow's library)`, `install pip (apt-get install python3-pip, or ${python} -m ensurepip --user)`);
  }
  if (/No matching distribution|Could not find a version that satisfies/i.test(text)) {
    if (/Could not fetch URL|connection|Max retries|NewConnectionError|Temporary failure in name resolution|Network is unreachable|ProxyError|SSLError|403|401/i.test(text)) {
      return new NativeSetupError(`pip could not reach its package index to fetch ${requirement} (offline, or refused: ${firstErrorLine({ ...result, signal: null })})`, offline);
    }
    return new NativeSetupError(
      `pip found no wheel of ${requirement} for this Python and platform (TensorFlow ${requirement.split('==')[1] ?? ''} has Linux x86_64 wheels for Python 3.10-3.13)`,
      'set LRFINDER_PYTHON to a Python 3.10-3.13 with pip, or set LRFINDER_TENSORFLOW_DIR to a TensorFlow package folder',
    );
  }
  if (/Could not fetch URL|Max retries|NewConnectionError|Temporary failure in name resolution|Network is unreachable|ProxyError|SSLError|HTTP error 40[13]/i.test(text)) {
    return new NativeSetupError(`pip could not reach its package index to fetch ${requirement} (offline, or refused)`, offline);
  }
  return new NativeSetupError(`pip could not fetch ${requirement}: ${firstErrorLine({ ...result, signal: null })}`, `run ${python} -m pip download --no-deps --only-binary=:all: ${requirement} to see why`);
}

/** `python -m pip download --no-deps --only-binary=:all: <requirements> -d <dest>`; returns the files. */
export async function pipDownload(run: CommandRunner, python: string, requirements: string[], dest: string, signal?: AbortSignal): Promise<string[]> {
  await fs.mkdir(dest, { recursive: true });
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--progress-bar', 'off', '--disable-pip-version-check', '-d', dest, ...requirements];
  const result = await run(python, args, { signal });
  if (signal?.aborted) throw interrupted();
  if (result.spawnError) throw new NativeSetupError(`no ${python} found (pip fetches TensorFlow's library)`, 'install Python 3 with pip (apt-get install python3-pip)');
  if (result.code !== 0) throw pipFailure(result, requirements[0], python);
  return (await fs.readdir(dest)).filter((f) => f.endsWith('.whl')).map((f) => path.join(dest, f));
}

const UNZIP_SCRIPT = [
  'import json, os, re, shutil, sys, zipfile',
  'wheel, dest, pattern = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])',
  'out = []',
  'with zipfile.ZipFile(wheel) as z:',
  '    for info in z.infolist():',
  '        name = info.filename',
  "        if name.endswith('/') or not pattern.fullmatch(name):",
  '            continue',
  '        target = os.path.join(dest, name)',
  '        os.makedirs(os.path.dirname(target), exist_ok=True)',
  "        with z.open(info) as src, open(target, 'wb') as dst:",
  '            shutil.copyfileobj(src, dst, 1 << 20)',
  '        mode = (info.external_attr >> 16) & 0o777',
  '        if mode & 0o111:',
  '            os.chmod(target, 0o755)  # ptxas: zipfile drops the executable bit',
  '        out.append([name, info.file_size])',
  'print(json.dumps(out))',
].join('\n');

/** Unpacks the members of `wheel` whose whole name matches `pattern` (Python regex); returns [name, size][]. */
export async function unpackWheel(run: CommandRunner, python: string, wheel: string, dest: string, pattern: string, signal?: AbortSignal): Promise<[string, number][]> {
  await fs.mkdir(dest, { recursive: true });
  const result = await run(python, ['-c', UNZIP_SCRIPT, wheel, dest, pattern], { signal });
  if (signal?.aborted) throw interrupted();
  if (result.code !== 0) {
    throw new NativeSetupError(`could not unpack ${path.basename(wheel)}: ${firstErrorLine(result)}`, 'check the free space of the cache folder\'s disk, then run npx lrfinder setup tensorflow --force');
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '[]') as [string, number][];
}

export function interrupted(): NativeSetupError {
  return new NativeSetupError('the TensorFlow setup was interrupted; nothing half-built was kept', 'run it again (npx lrfinder setup tensorflow)', true);
}
