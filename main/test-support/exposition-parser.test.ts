// The strict reader the /metrics tests rely on: it reads what prom-client writes and throws on
// anything else, so a malformed exposition fails those tests.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition-parser';

describe('parseExposition', () => {
  it('reads a registry of prom-client, labels escaped and histogram series included', async () => {
    const registry = new Registry();
    new Counter({ name: 'x_total', help: 'X.', labelNames: ['who'], registers: [registry] }).inc({ who: 'a "quoted" \\ name\nnext' }, 3);
    new Histogram({ name: 'y_seconds', help: 'Y.', buckets: [0.1, 1], registers: [registry] }).observe(0.5);
    const m = parseExposition(await registry.metrics());
    expect(m.value('x_total', { who: 'a "quoted" \\ name\nnext' })).toBe(3);
    expect(m.value('y_seconds_bucket', { le: '0.1' })).toBe(0);
    expect(m.value('y_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(m.value('y_seconds_count')).toBe(1);
    expect(m.types.get('y_seconds')).toBe('histogram');
  });

  it('throws on what Prometheus would not read', () => {
    const ok = '# HELP a A.\n# TYPE a gauge\na 1\n';
    expect(() => parseExposition(ok)).not.toThrow();
    expect(() => parseExposition('# TYPE a gauge\na 1')).toThrow(/newline/);
    expect(() => parseExposition('a 1\n')).toThrow(/before its TYPE/);
    expect(() => parseExposition('# TYPE a gauge\na one\n')).toThrow(/bad value/);
    expect(() => parseExposition('# TYPE a gauge\na{b=c} 1\n')).toThrow(/bad labels/);
    expect(() => parseExposition('# TYPE a gauge\na{b="c"} 1\na{b="c"} 2\n')).toThrow(/twice/);
    expect(() => parseExposition('# TYPE a gauge\n#TYPE b gauge\n')).toThrow(/unknown comment/);
    expect(() => parseExposition('# TYPE a gauge\na 1\n').value('a', { b: 'c' })).toThrow(/0 samples/);
  });
});
