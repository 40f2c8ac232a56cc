// Adam's update as TensorFlow's one ResourceApplyAdam op per variable, registered with
// @lrfinder/core as the 'tensorflow' backend's fused Adam. TF.js's AdamOptimizer runs about a
// dozen element-wise ops per variable, each a pass over the weights and a dispatch through the
// binding; TensorFlow's kernel makes one pass (what Keras runs).
//
// The moments live in TensorFlow resource variables (anonymous: freed with their last handle).
// Each step copies the TF.js variable's value into a resource variable of its own, applies the
// update there, and reads the result back into the TF.js variable: 3 ops per variable where
// TF.js runs ~14, and whoever else writes the TF.js variable (a restore) is always seen.
//
// TensorFlow's update is x -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps'); with
// eps' = eps sqrt(1 - b2^t) it equals TF.js's x -= lr m^ / (sqrt(v^) + eps) (m^, v^ the
// bias-corrected moments), so a range test on tensorflow follows the same rule as on wasm or cpu.
import { engine, keep, scalar, tidy, zeros, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import type { AdamStep, FusedAdam } from '@lrfinder/core';
import { boolAttr, countCall, floatT, type TfBackend, type TfOpAttr } from './tf-ops';

/** tensorflow::ResourceHandle::ANONYMOUS_NAME: a variable owned by its handle, freed with it. */
const ANONYMOUS = 'cd2c89b7-88b7-44c8-ad83-06c2a9158347';

interface Slots {
  value: Tensor;
  m: Tensor;
  v: Tensor;
}

function activeTensorflow(): TfBackend {
  const backend = engine().backend as unknown as Partial<TfBackend>;
  if (typeof backend.executeSingleOutput !== 'function' || backend.binding == null) {
    throw new Error(`the tensorflow fused Adam ran on backend '${engine().backendName}'`);
  }
  return backend as TfBackend;
}

function run(backend: TfBackend, name: string, attrs: TfOpAttr[], inputs: Tensor[]): void {
  countCall(name);
  backend.executeMultipleOutputs(name, attrs, inputs, 0);
}

function dtypeAttr(backend: TfBackend): TfOpAttr {
  return floatT(backend, 'dtype');
}

function resource(backend: TfBackend, shape: number[]): Tensor {
  countCall('VarHandleOp');
  return backend.executeSingleOutput('VarHandleOp', [
    { name: 'container', type: backend.binding.TF_ATTR_STRING, value: '' },
    { name: 'shared_name', type: backend.binding.TF_ATTR_STRING, value: ANONYMOUS },
    dtypeAttr(backend),
    { name: 'shape', type: backend.binding.TF_ATTR_SHAPE, value: shape },
  ], []);
}

function read(backend: TfBackend, handle: Tensor): Tensor {
  countCall('ReadVariableOp');
  return backend.executeSingleOutput('ReadVariableOp', [dtypeAttr(backend)], [handle]);
}

/** A fused Adam on the active 'tensorflow' backend (see @lrfinder/core's FusedAdam). */
export function tensorflowAdam(): FusedAdam {
  const slots = new Map<Variable, Slots>();
  let disposed = false;
  const slotsOf = (backend: TfBackend, variable: Variable): Slots => {
    let s = slots.get(variable);
    if (s == null) {
      // Kept: made inside the step's tidy, they live until dispose().
      const handle = () => keep(resource(backend, variable.shape));
      s = { value: handle(), m: handle(), v: handle() };
      for (const moment of [s.m, s.v]) {
        const zero = zeros(variable.shape);
        run(backend, 'AssignVariableOp', [dtypeAttr(backend)], [moment, zero]);
        zero.dispose();
      }
      slots.set(variable, s);
    }
    return s;
  };
  return {
    apply(updates, h: AdamStep) {
      if (disposed) throw new Error('the tensorflow fused Adam was disposed');
      const backend = activeTensorflow();
      tidy(() => {
        const b1Power = h.beta1 ** h.step;
        const b2Power = h.beta2 ** h.step;
        const args = [b1Power, b2Power, h.learningRate, h.beta1, h.beta2, h.epsilon * Math.sqrt(1 - b2Power)].map((x) => scalar(x));
        const attrs = [floatT(backend), boolAttr(backend, 'use_locking', false), boolAttr(backend, 'use_nesterov', false)];
        for (const { variable, gradient } of updates) {
          const s = slotsOf(backend, variable);
          run(backend, 'AssignVariableOp', [dtypeAttr(backend)], [s.value, variable]);
          run(backend, 'ResourceApplyAdam', attrs, [s.value, s.m, s.v, ...args, gradient]);
          variable.assign(read(backend, s.value));
        }
      });
    },
    moments(variable) {
      const s = slots.get(variable);
      if (s == null) return null;
      const backend = activeTensorflow();
      return { m: read(backend, s.m), v: read(backend, s.v) };
    },
    dispose() {
      disposed = true;
      for (const s of slots.values()) for (const handle of [s.value, s.m, s.v]) handle.dispose();
      slots.clear();
    },
  };
}
