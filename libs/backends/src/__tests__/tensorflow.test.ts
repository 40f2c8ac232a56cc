// The 'tensorflow' backend (tfjs-node on TensorFlow 2.21's C library) against cpu and wasm, in
// child processes (tfjs-node's addon loads once per process; jest would load it per test file):
// a whole CNN's output, loss and weight gradients vs cpu, the fused ReluGrad, and the first 20
// losses of the reference range test (MNIST ConvNet, SGD and Adam) vs wasm.
// The backend comes from prepareBackend('tensorflow') (set up in the per-user cache when it is not
// yet, as native-tensorflow.test.ts does; CI sets it up first): one that cannot be had fails here.
import { runTsxChild, type ChildResult as Child } from './tsx-child';

const runChild = (args: string[], guardMs: number) => runTsxChild('tensorflow.child.ts', args, guardMs, { TF_CPP_MIN_LOG_LEVEL: '2' });

/** The child's JSON line: `{ how, result }` or `{ unavailable }`; throws with its output when there is none. */
function parse<T>(child: Child): { how: string; result: T } | { unavailable: string } {
  const line = child.stdout.split('\n').find((l) => l.startsWith('{"how"') || l.startsWith('{"unavailable"'));
  if (line == null) throw new Error(`child exited with ${child.code} and no result:\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line);
}

/** The child's result; fails with its reason when the backend could not be had. */
function resultOf<T>(out: { how: string; result: T } | { unavailable: string }): { how: string; result: T } {
  if ('unavailable' in out) throw new Error(`the tensorflow backend could not be had: ${out.unavailable}`);
  return out;
}

interface Grads {
  errors: Record<string, number>;
  allZero: string[];
  reluGrad: { error: number; zeros: number };
  avgPoolSame: { tensorflow: number[]; cpu: number[] };
  fused: { tensorflow: boolean; cpu: boolean };
  pools: { oneDnn: boolean; cases: { config: string; output: number; grad: number; fast: boolean }[] };
  sums: { shape: number[]; axes: number[]; keepDims: boolean; error: number; length: number; biasAddGrad: number }[];
  leaks: { at10: Record<string, number>; at30: Record<string, number>; learned: boolean };
  adam: {
    valueErrors: number[];
    momentErrors: number[];
    names: { tensorflow: string[]; cpu: string[] };
    applied: { tensorflow: number; cpu: number };
    memory: Record<'tensorflow' | 'cpu', { tensors: number; handles: number }[]>;
  };
}

describe('tensorflow vs cpu (child process)', () => {
  const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  let out: { how: string; result: Grads } | { unavailable: string };
  beforeAll(async () => {
    out = parse<Grads>(await runChild(['grads', String(seed)], 240_000));
  }, 300_000);

  it("a CNN's output, loss and every weight gradient (Conv2D, MaxPool without ReLU, BatchNorm, AvgPool, DepthwiseConv2D, Dense) match cpu: relative error < 1e-5", () => {
    const { how, result } = resultOf(out);
    const { errors, allZero } = result;
    expect(Object.keys(errors)).toHaveLength(2 + 12);
    expect({ seed, allZero }).toEqual({ seed, allZero: [] });
    const bad = Object.entries(errors).filter(([, e]) => !(e < 1e-5));
    expect({ seed, how, bad }).toEqual({ seed, how, bad: [] });
  });

  it("ReLU's gradient runs as TensorFlow's ReluGrad on tensorflow (TF.js's dy * step(x) elsewhere) and matches cpu, zeros included", () => {
    const { result } = resultOf(out);
    expect(result.fused).toEqual({ tensorflow: true, cpu: true });
    expect(result.reluGrad.zeros).toBeGreaterThan(0);
    expect({ seed, error: result.reluGrad.error }).toEqual({ seed, error: 0 });
  });

  it('MaxPool and its gradient run through oneDNN with a workspace and match cpu exactly enough (< 1e-6): ties at 0, all-negative windows, valid/same, strides 1-3, non-square', () => {
    const { result } = resultOf(out);
    const { oneDnn, cases } = result.pools;
    expect(oneDnn).toBe(true);
    expect(cases).toHaveLength(5);
    for (const c of cases) expect({ seed, ...c, output: c.output < 1e-6, grad: c.grad < 1e-6 }).toEqual({ seed, ...c, output: true, grad: true, fast: true });
  });

  it('a sum over every axis but the last runs as BiasAddGrad, other sums as before; all match cpu (< 1e-5 of the sum of |x|)', () => {
    const { result } = resultOf(out);
    expect(result.sums.map((s) => [s.keepDims, s.axes.length, s.biasAddGrad])).toEqual([
      [false, 3, 1], [false, 1, 1], [false, 2, 1], [true, 3, 0], [false, 2, 0], [false, 4, 0],
    ]);
    expect(result.sums.map((s) => s.length)).toEqual([6, 4, 8, 6, 30, 1]);
    for (const s of result.sums) expect({ seed, ...s, ok: s.error < 1e-5 }).toEqual({ seed, ...s, ok: true });
  });

  it('training on tensorflow leaves TF.js tensors, TensorFlow handles and max-pool workspaces flat (steps 10 to 30), and learns', () => {
    const { result } = resultOf(out);
    const { at10, at30, learned } = result.leaks;
    expect(at30).toEqual(at10);
    expect(at30.workspaces).toBe(0);
    expect(learned).toBe(true);
  });

  it("core's Adam runs as TensorFlow's ResourceApplyAdam on tensorflow and follows TF.js's Adam on cpu (< 1e-5 after each of 4 steps at rates 1e-3 to 0.064, then < 2e-5 and < 1e-4 at 0.26 and 1), moments included (< 1e-4); nothing is left once disposed", () => {
    const { result } = resultOf(out);
    const { valueErrors, momentErrors, names, applied, memory } = result.adam;
    // 6 steps x 3 variables through the fused op on tensorflow; none on cpu.
    expect(applied).toEqual({ tensorflow: 18, cpu: 0 });
    expect(valueErrors).toHaveLength(6);
    // < 1e-5 up to lr 0.064; then steps of 0.26 and about 1 per weight: TensorFlow's second
    // moment is 1.3e-5 below TF.js's (see below), its square root 6.5e-6, and so is each update,
    // which adds up over the steps (measured: up to 2.7e-6 at step 5 and 1.7e-5 at step 6 over 8
    // seeds). A wrong rule (epsilon, bias correction, a step counted twice) is off by 1e-3 or more.
    const bounds = [1e-5, 1e-5, 1e-5, 1e-5, 2e-5, 1e-4];
    expect({ seed, valueErrors, ok: valueErrors.every((e, i) => e < bounds[i]) }).toEqual({ seed, valueErrors, ok: true });
    // getWeights as TF.js's: iterations, then the first moments, then the second ones.
    expect(names.tensorflow).toEqual(names.cpu);
    expect(names.tensorflow).toEqual(['iter', ...[0, 1, 2].map((i) => `adam-check-${i}/m`), ...[0, 1, 2].map((i) => `adam-check-${i}/v`)]);
    // First moments < 1e-5. Second moments < 1e-4: TensorFlow takes 1 - beta2 from beta2 rounded
    // to float32 (0.999f = 0.99900001287), 1.3e-5 relative below TF.js's 1 - 0.999 (Keras's
    // moments are the same as ours); the bias correction divides most of it out of the values.
    const [firsts, seconds] = [momentErrors.slice(0, 3), momentErrors.slice(3)];
    expect({ seed, momentErrors, ok: momentErrors.length === 6 && firsts.every((e) => e < 1e-5) && seconds.every((e) => e < 1e-4) })
      .toEqual({ seed, momentErrors, ok: true });
    expect(memory.tensorflow[1]).toEqual(memory.tensorflow[0]);
    expect(memory.cpu[1]).toEqual(memory.cpu[0]);
  });

  it("AvgPool 'same' with windows over the padding: tensorflow's gradient is 1/cells of each window (right); TF.js 4.22's cpu gives 1/4 everywhere (wrong)", () => {
    const { result } = resultOf(out);
    expect(result.avgPoolSame.tensorflow).toEqual([0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
    // A known TF.js bug (its forward pass divides by the cells inside the image, its gradient by
    // the window's area): when this fails, TF.js fixed it and wholeModelCnn's default input can be
    // compared on tensorflow too.
    expect(result.avgPoolSame.cpu).toEqual(Array(9).fill(0.25));
  });
});

describe('the reference range test on tensorflow vs wasm (child process)', () => {
  let out: { how: string; result: Record<'sgd' | 'adam', { tensorflow: number[]; wasm: number[] }> } | { unavailable: string };
  beforeAll(async () => {
    out = parse(await runChild(['losses', '20'], 900_000));
  }, 1_000_000);

  it.each(['sgd', 'adam'] as const)('%s: the first 20 losses (same seed, same MNIST batches, 1e-4 -> 1 over 100 steps) agree to 1e-3 relative', (optimizer) => {
    const { result } = resultOf(out);
    const { tensorflow, wasm } = result[optimizer];
    expect([tensorflow.length, wasm.length]).toEqual([20, 20]);
    const worst = Math.max(...tensorflow.map((l, i) => Math.abs(l - wasm[i]) / Math.abs(wasm[i])));
    expect({ tensorflow, wasm, ok: worst < 1e-3 }).toEqual({ tensorflow, wasm, ok: true });
  });
});
