// The padding arithmetic, on cases worked out by hand.
import { backpropFilterMargins, backpropInputMargins, type ConvGeometry } from '../kernels/geometry';

function geometry(h: number, f: number, s: number, out: number, padTop: number): ConvGeometry {
  return { inHeight: h, inWidth: h, filterHeight: f, filterWidth: f, strideHeight: s, strideWidth: s, outHeight: out, outWidth: out, padTop, padLeft: padTop };
}

describe('backpropInputMargins', () => {
  it('H=6, f=3, s=2, valid (OH=2, one row never read): dy dilated to 4 rows [d0,0,d1,0] gets 2 zeros above and 2 below', () => {
    // padded: [0,0,d0,0,d1,0,0,0] (8 rows); stride-1 correlation with 3 taps gives 6 rows = H.
    // dx[0] = w[0]*d0 (x[0] is only in window 0 at tap 0): the reversed filter's last tap meets d0.
    expect(backpropInputMargins(geometry(6, 3, 2, 2, 0))).toEqual([2, 2, 2, 2]);
  });

  it('H=5, f=3, s=1, same (pad 1): 1 above, 1 below, like a same convolution', () => {
    expect(backpropInputMargins(geometry(5, 3, 1, 5, 1))).toEqual([1, 1, 1, 1]);
  });

  it('explicit top padding larger than f-1 gives a negative margin (crop)', () => {
    // H=9, f=2, s=2, pad top 3, bottom 0: OH = floor((9+3-2)/2)+1 = 6; top = 2-1-3 = -2.
    expect(backpropInputMargins(geometry(9, 2, 2, 6, 3))).toEqual([-2, 0, -2, 0]);
  });
});

describe('backpropFilterMargins', () => {
  it('H=6, f=3, s=2, valid: x cropped by one row at the bottom (the forward pass never reached it)', () => {
    // dw[a] = x[a]*dy[0] + x[a+2]*dy[1], a in 0..2: reads x[0..4] only; 6 + 0 + bottom - 3 = 3 rows.
    expect(backpropFilterMargins(geometry(6, 3, 2, 2, 0))).toEqual([0, -1, 0, -1]);
  });

  it('H=5, f=3, s=1, same: 1 above and 1 below', () => {
    expect(backpropFilterMargins(geometry(5, 3, 1, 5, 1))).toEqual([1, 1, 1, 1]);
  });

  it('H=10, f=4, s=3, same: total padding 3 split 1 above, 2 below', () => {
    // OH = ceil(10/3) = 4; total = (4-1)*3 + 4 - 10 = 3; tf puts floor(3/2) = 1 on top.
    expect(backpropFilterMargins(geometry(10, 4, 3, 4, 1))).toEqual([1, 2, 1, 2]);
  });
});
