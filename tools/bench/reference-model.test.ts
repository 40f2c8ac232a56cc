import { layerMacs, referenceModel, trainingFlops } from './reference-model';

it('counts the multiply-adds of the reference ConvNet by hand', () => {
  const model = referenceModel();
  const macs = layerMacs(model, 250).map((l) => l.macs);
  // conv1: 26*26 outputs * 32 filters * 3*3*1 taps; conv2: 11*11 * 64 * 3*3*32; dense: in*out.
  expect(macs).toEqual([250 * 26 * 26 * 32 * 9, 250 * 11 * 11 * 64 * 9 * 32, 250 * 1600 * 256, 250 * 256 * 128, 250 * 128 * 10]);
  const forward = macs.reduce((a, b) => a + b, 0);
  // forward + weight gradients + input gradients of all but conv1 (its input needs none).
  expect(trainingFlops(model, 250)).toBe(2 * (3 * forward - macs[0]));
  expect(trainingFlops(model, 250)).toBe(4_205_568_000);
  model.dispose();
});
