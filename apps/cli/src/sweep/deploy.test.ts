// Checks deploy/kubernetes and deploy/slurm against this module: the manifests and the sbatch
// script must call `lrfinder sweep` with the shard settings the CLI reads, on shared folders.
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { expandSweep } from './expand';
import { resolveShard, testsForShard } from './shard';
import { sweepCommand, type SweepArgs } from './sweep-command';
import { sweepStatus } from './status-command';
import { parseSweepFile } from './sweep-file';
import { tinyRunTest, textBuffer } from './testing/tiny-run-test';

const DEPLOY = path.join(__dirname, '..', '..', '..', '..', 'deploy');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function yamlDocs(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(path.join(DEPLOY, 'kubernetes', file), 'utf8'));
  for (const d of docs) expect(d.errors).toEqual([]);
  return docs.map((d) => d.toJS() as Doc);
}

/** The `sweep` command line as the CLI's flags (`--flag value` or `--flag=value`). */
function sweepArgv(argv: string[]): SweepArgs & { unknown: string[] } {
  expect(argv.slice(0, 2)).toEqual(['lrfinder', 'sweep']);
  const out: SweepArgs & { unknown: string[] } = { file: argv[2], unknown: [] };
  for (let i = 3; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--shard') out.shard = value();
    else if (flag === '--shard-count') out.shardCount = Number(value());
    else if (flag === '--out') out.out = value();
    else if (flag === '--resume') out.resume = true;
    else out.unknown.push(argv[i]);
  }
  return out;
}

/** Every test lands in exactly one shard. */
function expectPartition(sweepFile: string, envs: Record<string, string>[], args: SweepArgs, count: number) {
  const sweep = parseSweepFile(readFileSync(sweepFile, 'utf8'));
  const tests = expandSweep(sweep, { file: sweepFile }).tests;
  const seen: number[] = [];
  envs.forEach((env, k) => {
    const shard = resolveShard({ shard: args.shard, shardCount: args.shardCount, sweepShards: sweep.shards, env });
    expect(shard).toMatchObject({ index: k, count });
    seen.push(...testsForShard(tests, shard).map((t) => t.index));
  });
  expect(seen.sort((a, b) => a - b)).toEqual(tests.map((t) => t.index));
}

describe('deploy/kubernetes', () => {
  const [pvc] = yamlDocs('pvc.yaml');
  const [job] = yamlDocs('sweep-job.yaml');
  const [deployment, service] = yamlDocs('dashboard.yaml');
  const [kustomization] = yamlDocs('kustomization.yaml');
  const pod = job.spec.template.spec;
  const container = pod.containers[0];
  const args = sweepArgv(container.command);
  const mountOf = (spec: Doc, c: Doc, pick: (volume: Doc) => boolean) => {
    const volume = spec.volumes.find(pick);
    return c.volumeMounts.find((m: Doc) => m.name === volume.name).mountPath as string;
  };
  const sweepJson = path.join(DEPLOY, 'kubernetes', kustomization.configMapGenerator[0].files[0].split('=')[1]);

  it('is an Indexed Job whose shard count is its completions', () => {
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed' } });
    expect(args.unknown).toEqual([]);
    expect(args.shard).toBeUndefined(); // the index comes from JOB_COMPLETION_INDEX
    expect(args.shardCount).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    expect(args.resume).toBe(true); // a retried pod runs only what is unfinished
    expect(pod.restartPolicy).toBe('Never');
    expectPartition(sweepJson, Array.from({ length: job.spec.completions }, (_, k) => ({ JOB_COMPLETION_INDEX: String(k) })), args, job.spec.completions);
  });

  it('reads the sweep file from the ConfigMap and writes to the shared PVC', () => {
    const configMap = kustomization.configMapGenerator[0];
    expect(mountOf(pod, container, (v) => v.configMap?.name === configMap.name)).toBe(path.posix.dirname(args.file));
    expect(configMap.files[0].split('=')[0]).toBe(path.posix.basename(args.file));
    expect(parseSweepFile(readFileSync(sweepJson, 'utf8')).shards).toBe(job.spec.completions);
    expect(pvc).toMatchObject({ kind: 'PersistentVolumeClaim', spec: { accessModes: ['ReadWriteMany'] } });
    expect(mountOf(pod, container, (v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)).toBe(args.out);
    expect(kustomization.resources.sort()).toEqual(['dashboard.yaml', 'pvc.yaml', 'sweep-job.yaml']);
  });

  it('runs the dashboard on the same volume, behind a Service that selects it', () => {
    const spec = deployment.spec.template.spec;
    const dash = spec.containers[0];
    expect(deployment.kind).toBe('Deployment');
    const runsMount = mountOf(spec, dash, (v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name);
    expect(runsMount).toBe(args.out);
    expect(dash.env.find((e: Doc) => e.name === 'RUNS_DIR').value).toBe(runsMount);
    expect(service.kind).toBe('Service');
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(dash.ports.map((p: Doc) => p.name)).toContain(service.spec.ports[0].targetPort);
  });

  it('uses one image that puts the CLI bundle on the PATH as lrfinder', () => {
    expect(deployment.spec.template.spec.containers[0].image).toBe(container.image);
    const dockerfile = readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
    const bin = JSON.parse(readFileSync(path.join(DEPLOY, '..', 'apps', 'cli', 'package.json'), 'utf8')).bin.lrfinder;
    // The package's bin (a shim that runs the bundle) or the bundle itself, which the image builds.
    const target = (p: string) => `exec node /app/apps/cli/${p} "$@"`;
    expect([bin, 'dist/lrfinder.mjs'].some((p) => dockerfile.includes(target(p)))).toBe(true);
    expect(readFileSync(path.join(DEPLOY, '..', 'apps', 'cli', bin), 'utf8')).toContain("join(pkg, 'dist', 'lrfinder.mjs')");
    expect(dockerfile).toMatch(/> \/usr\/local\/bin\/lrfinder/);
  });

  it('completes the sweep when every index runs the manifest\'s command', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-k8s-'));
    try {
      const { runTest, calls } = tinyRunTest();
      for (let k = 0; k < job.spec.completions; k++) {
        const code = await sweepCommand(
          { ...args, file: sweepJson, out: path.join(root, args.out!) },
          { runTest, stdout: textBuffer(), stderr: textBuffer(), env: { JOB_COMPLETION_INDEX: String(k) } },
        );
        expect(code).toBe(0);
      }
      expect(new Set(calls).size).toBe(calls.length);
      const sweepId = parseSweepFile(readFileSync(sweepJson, 'utf8')).id!;
      const status = await sweepStatus({ folder: path.join(root, args.out!, sweepId) });
      expect(status).toMatchObject({ complete: true, count: calls.length, shardCount: job.spec.completions });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

// The API objects of deploy/kubernetes, checked against the Kubernetes OpenAPI schemas that the
// pinned kubernetes-models package compiles (types, required fields, formats such as quantities).
// Unknown fields are not caught by these schemas; the tests above read the fields that matter.
type Model = new (data: Doc) => { validate(): void };
const KINDS: Record<string, Model> = {
  'apps/v1 Deployment': Deployment as unknown as Model,
  'batch/v1 Job': Job as unknown as Model,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim as unknown as Model,
  'v1 Service': Service as unknown as Model,
};

function validateObject(doc: Doc): void {
  const Kind = KINDS[`${doc.apiVersion} ${doc.kind}`];
  if (!Kind) throw new Error(`${doc.apiVersion} ${doc.kind}: no schema mapped in this test; add it to KINDS`);
  new Kind(doc).validate();
}

describe('deploy/kubernetes against the Kubernetes API schemas (kubernetes-models)', () => {
  const kustomization = yamlDocs('kustomization.yaml')[0];
  const files: string[] = kustomization.resources;

  it.each(['pvc.yaml', 'sweep-job.yaml', 'dashboard.yaml'])('%s: every object is valid', (file) => {
    expect(files).toContain(file);
    const docs = yamlDocs(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(() => validateObject(doc)).not.toThrow();
  });

  it('the check refuses a broken object (a quantity that is not one, a container without a name, an unmapped kind)', () => {
    const [job] = yamlDocs('sweep-job.yaml');
    const broken = structuredClone(job);
    broken.spec.template.spec.containers[0].resources.limits.memory = '8 gigs';
    expect(() => validateObject(broken)).toThrow(/memory/);
    const noName = structuredClone(job);
    delete noName.spec.template.spec.containers[0].name;
    expect(() => validateObject(noName)).toThrow(/name/);
    expect(() => validateObject({ apiVersion: 'v1', kind: 'Pod' })).toThrow(/no schema mapped/);
  });
});

/** The environment Slurm gives task `id` of `--array=<spec>` (ranges a-b[:step], optional %limit). */
function slurmEnvs(spec: string): Record<string, string>[] {
  const match = /^(\d+)-(\d+)(?::(\d+))?(?:%\d+)?$/.exec(spec);
  if (!match) throw new Error(`--array ${spec}: use a range a-b[:step] so task ids map to shards`);
  const [min, max, step] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 1)];
  const ids: number[] = [];
  for (let id = min; id <= max; id += step) ids.push(id);
  return ids.map((id) => ({
    SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(ids[ids.length - 1]),
    SLURM_ARRAY_TASK_STEP: String(step), SLURM_ARRAY_TASK_COUNT: String(ids.length),
  }));
}

describe('deploy/slurm', () => {
  const script = readFileSync(path.join(DEPLOY, 'slurm', 'lrfinder-sweep.sbatch'), 'utf8');
  const lines = script.split('\n');
  const defaults = Object.fromEntries(
    lines.flatMap((l) => {
      const m = /^(\w+)="\$\{\1:-([^}]*)\}"$/.exec(l.trim());
      return m ? [[m[1], m[2]]] : [];
    }),
  );
  const execLine = lines.find((l) => /^exec lrfinder /.test(l))!;
  const argv = execLine
    .replace(/^exec /, '')
    .split(/\s+/)
    .map((word) => word.replace(/^"\$(\w+)"$/, (_, name: string) => defaults[name] ?? `<unset ${name}>`));
  const args = sweepArgv(argv);
  const array = /^#SBATCH --array=(\S+)/m.exec(script)![1];

  it('is a bash array job that execs the CLI with the shard taken from the Slurm environment', () => {
    expect(lines[0]).toBe('#!/bin/bash');
    expect(args.unknown).toEqual([]);
    expect(args.shard).toBeUndefined();
    expect(args.shardCount).toBeUndefined();
    expect(args.resume).toBe(true);
    expect(args.out).toBe('runs');
    expect(args.file).toBe('deploy/slurm/sweep.json');
    const envs = slurmEnvs(array);
    expectPartition(path.join(DEPLOY, '..', args.file), envs, args, envs.length);
  });

  it('maps offset and stepped arrays onto shards 0..n-1 too', () => {
    expect(slurmEnvs('10-16:3').map((env) => resolveShard({ env }).index)).toEqual([0, 1, 2]);
    expect(slurmEnvs('5-8%2').map((env) => resolveShard({ env })).map((s) => `${s.index}/${s.count}`)).toEqual(['0/4', '1/4', '2/4', '3/4']);
  });
});
