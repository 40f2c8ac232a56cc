import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describeModel } from './model-info';
import { modelInfoSchema } from './run-record';

describe('describeModel', () => {
  it('counts parameters per layer and keeps output shapes, also for several outputs', () => {
    const input = tfl.input({ shape: [4], name: 'in' });
    const hidden = tfl.layers.dense({ units: 3, name: 'hidden' }).apply(input) as tfl.SymbolicTensor;
    const a = tfl.layers.dense({ units: 2, name: 'a' }).apply(hidden) as tfl.SymbolicTensor;
    const b = tfl.layers.dense({ units: 1, name: 'b', useBias: false }).apply(hidden) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: [a, b], name: 'two-heads' });
    const info = describeModel(model);
    expect(modelInfoSchema.parse(info)).toEqual(info);
    // 4*3+3 = 15, 3*2+2 = 8, 3*1 = 3
    expect(info).toEqual({
      name: 'two-heads',
      parameterCount: 26,
      layers: [
        { name: 'in', className: 'InputLayer', outputShape: [[null, 4]], parameterCount: 0 },
        { name: 'hidden', className: 'Dense', outputShape: [[null, 3]], parameterCount: 15 },
        { name: 'a', className: 'Dense', outputShape: [[null, 2]], parameterCount: 8 },
        { name: 'b', className: 'Dense', outputShape: [[null, 1]], parameterCount: 3 },
      ],
    });
  });
});
