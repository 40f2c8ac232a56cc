import { DatasetError } from './errors';

describe('DatasetError', () => {
  it('says where, what was expected and found, and what to do', () => {
    const e = new DatasetError('ragged row', { file: 'a.csv', line: 3, column: 2, expected: '3 fields', found: '2', hint: 'Fix the row' });
    expect(e.name).toBe('DatasetError');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('a.csv, line 3, column 2: ragged row (expected 3 fields, found 2). Fix the row');
    expect(e.details()).toEqual({ file: 'a.csv', line: 3, column: 2, expected: '3 fields', found: '2', hint: 'Fix the row' });
    expect(new DatasetError('x', { file: 'f', offset: 0 }).message).toBe('f, byte 0: x');
    expect(new DatasetError('plain').message).toBe('plain');
  });
});
