/** `it` (or `describe`) when the prerequisite `id` is present, else a skip that says why and fails CI. */
export function needs<T extends jest.It | jest.Describe = jest.It>(id: 'chromium' | 'fashion-mnist' | 'slurm' | 'native-build', base?: T): T;
export const MISSING_MARK: string;
