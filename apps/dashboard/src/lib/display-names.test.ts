import { displayNames } from './display-names';

test('runs with the same label are told apart by their path; unique labels stay as they are', () => {
  const r = (path: string, label: string) => ({ path, run: { label, id: path.split('/').pop()! } });
  expect(displayNames([r('a/sgd', 'SGD'), r('b/sgd', 'SGD'), r('adam', 'Adam'), r('x', '')])).toEqual(['SGD (a/sgd)', 'SGD (b/sgd)', 'Adam', 'x']);
});
