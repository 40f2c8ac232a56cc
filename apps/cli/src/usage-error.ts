// yargs' usage errors as the one line the CLI prints (yargs-free, so jest can test it).

/**
 * One line for a yargs usage error: `Unknown arguments: learning-rate, learningRate` ->
 * `Unknown argument: --learning-rate`; multi-line messages joined.
 */
export function tidyUsageError(msg: string, argv: string[]): string {
  const m = /^(Unknown arguments?): (.*)$/s.exec(msg);
  if (!m) return msg.replace(/\s*\n\s*/g, ' ');
  const names = m[2].split(', ');
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const kept = names.filter((n) => n === kebab(n) || !names.includes(kebab(n)));
  const flag = (n: string) => {
    const dashed = n.length > 1 ? `--${n}` : `-${n}`;
    return argv.some((a) => a === dashed || a.startsWith(`${dashed}=`) || (n.length === 1 && /^-[^-]/.test(a) && a.includes(n))) ? dashed : n;
  };
  return `${kept.length > 1 ? 'Unknown arguments' : 'Unknown argument'}: ${kept.map(flag).join(', ')}`;
}
