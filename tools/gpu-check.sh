#!/usr/bin/env bash
# GPU check of lrfinder's native backends, for a machine with an NVIDIA GPU (run from anywhere):
#   1. the GPU (nvidia-smi), then `lrfinder doctor` (which backends load, CUDA/cuDNN, WebGPU adapter);
#   2. the tensorflow-gpu backend's gradient test (libs/backends tensorflow.test.ts: a CNN's output,
#      loss and weight gradients vs cpu < 1e-5; the reference test's first 20 losses vs wasm);
#   3. the reference training step on tensorflow-gpu and on webgpu (Dawn) next to Keras (tools/bench);
# and prints a summary. Without a GPU it says so, runs the doctor only, and exits 0 (3 with
# --require-gpu). Options: --require-gpu, --skip-bench, --python PATH (the Keras row's python).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REQUIRE=0; BENCH=1; PYTHON_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --require-gpu) REQUIRE=1 ;;
    --skip-bench) BENCH=0 ;;
    --python) PYTHON_ARGS=(--python "$2"); shift ;;
    *) echo "gpu-check: unknown option $1 (use --require-gpu, --skip-bench, --python PATH)" >&2; exit 2 ;;
  esac
  shift
done
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" NX_DAEMON=false
declare -a SUMMARY=()
note() { SUMMARY+=("$1"); echo "== $1"; }

echo "== gpu-check $(date -u +%FT%TZ) on $(hostname), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
GPU=""
if command -v nvidia-smi >/dev/null 2>&1; then
  GPU="$(nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
fi
if [ -z "$GPU" ]; then
  if command -v nvidia-smi >/dev/null 2>&1; then why="nvidia-smi lists no GPU"; else why="nvidia-smi not found"; fi
  note "NO GPU FOUND ($why): the GPU checks (tensorflow-gpu gradients, GPU step time, WebGPU) were not run"
else
  note "GPU: $GPU"
fi

[ -f apps/cli/dist/lrfinder.mjs ] || (cd apps/cli && node build.mjs >/dev/null) || { echo "gpu-check: building the CLI failed" >&2; exit 1; }
echo "== lrfinder doctor"
if node apps/cli/dist/lrfinder.mjs doctor; then note "doctor: ran (see above)"; else note "doctor: FAILED (exit $?)"; fi

if [ -z "$GPU" ]; then
  printf '\n== summary\n'; printf -- '- %s\n' "${SUMMARY[@]}"
  [ "$REQUIRE" = 1 ] && exit 3
  exit 0
fi

echo "== gradient test on tensorflow-gpu (libs/backends tensorflow.test.ts)"
if LRFINDER_TEST_TENSORFLOW_BACKEND=tensorflow-gpu npx jest -c libs/backends/jest.config.js libs/backends/src/__tests__/tensorflow.test.ts; then
  note "tensorflow-gpu gradient and loss tests: passed"
else
  note "tensorflow-gpu gradient and loss tests: FAILED"
fi

if [ "$BENCH" = 1 ]; then
  for backend in tensorflow-gpu webgpu; do
    echo "== reference step on $backend (tools/bench)"
    if npx tsx --tsconfig tsconfig.base.json tools/bench/bench.ts --backends "$backend" --optimizers sgd,adam --step-rounds 2 \
      --skip-overhead --skip-experiment --skip-cli-experiment "${PYTHON_ARGS[@]}"; then
      note "reference step on $backend: measured (table above)"
    else
      note "reference step on $backend: FAILED or not available (see above)"
    fi
  done
fi
printf '\n== summary\n'; printf -- '- %s\n' "${SUMMARY[@]}"
