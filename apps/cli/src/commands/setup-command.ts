// `lrfinder setup tensorflow [--gpu] [--force]`: sets native TensorFlow up now (what a run with
// --backend auto does on first use), or checks every file of an existing setup and repairs it.
import { isNativeSetupError, loadNativeBackend, provisionTensorflow, type LoadedNative, type NativeLibrary, type ProvisionOptions } from '@lrfinder/backends';
import { EXIT, type CommandIO } from '../io';

export interface SetupArgs {
  /** What to set up (only 'tensorflow'). */
  what: string;
  /** The CUDA flavour: the tensorflow wheel plus the nvidia-* CUDA 12 wheels. */
  gpu?: boolean;
  /** Rebuild even when the cache folder checks out. */
  force?: boolean;
}

export interface SetupDeps {
  provision?: (options: ProvisionOptions) => Promise<NativeLibrary>;
  load?: (library: NativeLibrary) => LoadedNative;
}

export async function setupCommand(args: SetupArgs, io: CommandIO, deps: SetupDeps = {}): Promise<number> {
  if (args.what !== 'tensorflow') {
    io.stderr.write(`lrfinder: setup ${args.what}: only 'tensorflow' can be set up (lrfinder setup tensorflow [--gpu] [--force])\n`);
    return EXIT.badInput;
  }
  const log = (line: string) => io.stderr.write(`${line}\n`);
  try {
    const library = await (deps.provision ?? provisionTensorflow)({
      gpu: args.gpu, force: args.force, fullCheck: true, log, signal: io.signal, env: io.env as NodeJS.ProcessEnv,
    });
    if (library.builtInSeconds == null) log(`native TensorFlow was set up already: every file of ${library.dir} matches its manifest`);
    const loaded = (deps.load ?? loadNativeBackend)(library);
    io.stdout.write(
      `tfjs-node ${library.manifest.tfjsNode} on TensorFlow ${loaded.tensorflow}${args.gpu ? ` (GPU device in use: ${loaded.gpuDevice ? 'yes' : 'no'})` : ''}\n` +
        `  library  ${library.dir}/deps/lib/libtensorflow_cc.so.2\n` +
        `  found    ${library.source.how}\n` +
        `lrfinder run uses it with --backend auto or --backend ${args.gpu ? 'tensorflow-gpu' : 'tensorflow'}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    if (!isNativeSetupError(e)) throw e;
    io.stderr.write(`lrfinder: ${e.message}\n`);
    return e.interrupted ? EXIT.interrupted : EXIT.badInput;
  }
}
