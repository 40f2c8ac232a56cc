// Light checks of SVG markup for tests: tag balance (XML well-formedness without a parser),
// attribute values, axis ticks.

/** Throws unless every element is closed in order and no attribute is unquoted. */
export function assertWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(body))) {
    const between = body.slice(last, m.index);
    if (between.includes('<')) throw new Error(`malformed markup near: ${between.slice(between.indexOf('<'), 80)}`);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(between)) throw new Error(`unescaped & in text: ${between.slice(0, 80)}`);
    last = tag.lastIndex;
    const [, closing, name, , self] = m;
    if (self) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else stack.push(name);
  }
  if (body.slice(last).trim() !== '') throw new Error(`trailing markup: ${body.slice(last, last + 80)}`);
  if (stack.length) throw new Error(`unclosed: ${stack.join(' > ')}`);
}

/** The x axis ticks of a Nivo chart: label and x offset, in document order. */
export function xTicks(svg: string): { label: string; x: number }[] {
  const out: { label: string; x: number }[] = [];
  const re = /<g transform="translate\(([-\d.e]+),\s*0\)"[^>]*><line[^>]*y2="5"[^>]*><\/line><text[^>]*>([^<]+)<\/text>/g;
  for (const m of svg.matchAll(re)) out.push({ x: Number(m[1]), label: m[2] });
  return out;
}

/** Every numeric attribute value of the markup (coordinates, sizes). */
export function numericAttributes(svg: string): string[] {
  return [...svg.matchAll(/\s(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|transform|points)="([^"]*)"/g)].map((m) => m[1]);
}
