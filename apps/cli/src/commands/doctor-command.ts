// `lrfinder doctor`: the backends library's report on this machine, as text or JSON.
import { doctor } from '@lrfinder/backends';
import { EXIT, type CommandIO } from '../io';
import { table } from '../summary/format';

export interface DoctorArgs {
  json?: boolean;
}

export type DoctorReport = Awaited<ReturnType<typeof doctor>>;

export async function doctorCommand(args: DoctorArgs, io: CommandIO, deps: { doctor?: () => Promise<DoctorReport> } = {}): Promise<number> {
  const report = await (deps.doctor ?? doctor)();
  io.stdout.write(args.json ? JSON.stringify(report, null, 2) + '\n' : formatDoctor(report));
  return EXIT.ok;
}

/** Machine facts, one row per backend (present or why not), and the one `auto` picks. */
export function formatDoctor(r: DoctorReport): string {
  const lines = [
    `node ${r.node} on ${r.platform}/${r.arch}, ${r.cpus} CPUs, tfjs ${r.tfjs}`,
    '',
    table([['backend', 'usable', 'version'], ...r.backends.map((b) => [b.name, b.available ? 'yes' : 'no', b.version ?? '-'])])
      .replace(/^/gm, '  ')
      .trimEnd(),
    '',
    ...r.backends.filter((b) => b.available && b.details.tensorflow).map(nativeLine),
    ...r.backends.filter((b) => !b.available).map((b) => `  ${b.name}: ${b.reason ?? 'not usable'}`),
    '',
    `auto picks: ${r.auto}`,
    `wasm: SIMD ${fact(r.wasm.simd)}, multithreaded ${fact(r.wasm.multithreaded)}, threads ${r.wasm.threads ?? '-'}${r.wasm.binary ? `, ${r.wasm.binary}` : ''}` +
      (r.wasm.initialised === false ? ' (the default, --threads auto; run and sweep take --threads)' : ''),
  ];
  return lines.join('\n') + '\n';
}

/** A native TensorFlow row: which library (path, TensorFlow version, how found), and the GPU's facts. */
function nativeLine(b: DoctorReport['backends'][number]): string {
  const d = b.details as { tensorflow?: string; library?: string; source?: string; gpus?: { name: string; computeCapability: string }[]; cuda?: string | null; cudnn?: string | null };
  const gpu = b.name === 'tensorflow-gpu'
    ? [...(d.gpus ?? []).map((g) => `GPU ${g.name} (compute capability ${g.computeCapability})`), `CUDA ${d.cuda ?? 'unknown'}`, `cuDNN ${d.cudnn ?? 'unknown'}`].join(', ') + '; '
    : '';
  return `  ${b.name}: tfjs-node ${b.version} on TensorFlow ${d.tensorflow}; ${gpu}library ${d.library} (${d.source})`;
}

function fact(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}
