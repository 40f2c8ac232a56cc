import * as fs from 'node:fs';
import * as path from 'node:path';
import { GET } from '../../app/api/mnist/[file]/route';
import { GET as wasmGET } from '../../app/api/tfjs-wasm/[file]/route';
import { mnistDir } from '../mnist';

const ctx = (file: string) => ({ params: Promise.resolve({ file }) });

test('serves the first N MNIST images and labels as IDX with the count adjusted', async () => {
  const res = await GET(new Request('http://t/api/mnist/train-images?count=3'), ctx('train-images'));
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.readUInt32BE(0)).toBe(0x00000803);
  expect([bytes.readUInt32BE(4), bytes.readUInt32BE(8), bytes.readUInt32BE(12)]).toEqual([3, 28, 28]);
  expect(bytes.length).toBe(16 + 3 * 784);
  const source = fs.readFileSync(path.join(mnistDir(), 'train-images-idx3-ubyte'));
  expect(bytes.subarray(16).equals(source.subarray(16, 16 + 3 * 784))).toBe(true);

  const labels = Buffer.from(await (await GET(new Request('http://t/api/mnist/train-labels?count=5'), ctx('train-labels'))).arrayBuffer());
  expect(labels.readUInt32BE(4)).toBe(5);
  expect([...labels.subarray(8)]).toEqual([5, 0, 4, 1, 9]); // MNIST's first five training labels
});

test('refuses unknown files and bad counts', async () => {
  expect((await GET(new Request('http://t/api/mnist/x'), ctx('../../package.json'))).status).toBe(404);
  expect((await GET(new Request('http://t/api/mnist/train-images?count=0'), ctx('train-images'))).status).toBe(400);
  expect((await GET(new Request('http://t/api/mnist/train-images?count=99999'), ctx('train-images'))).status).toBe(400);
});

test('serves only the known wasm binaries', async () => {
  const ok = await wasmGET(new Request('http://t/'), ctx('tfjs-backend-wasm.wasm'));
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toBe('application/wasm');
  expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  expect((await wasmGET(new Request('http://t/'), ctx('../../../package.json'))).status).toBe(404);
});
