/**
 * A strict reader of Prometheus' text exposition format 0.0.4, for tests of /metrics (prom-client
 * writes the format but has no reader). Every line must be a HELP, a TYPE or a sample of a metric
 * whose TYPE came first; anything else throws, naming the line.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
  /** The one sample of `name` whose labels include `labels`; throws unless exactly one matches. */
  value(name: string, labels?: Record<string, string>): number;
  /** Every sample of `name` whose labels include `labels`. */
  all(name: string, labels?: Record<string, string>): Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m || m.index !== at) throw new Error(`bad labels in: ${line}`);
    if (m[1]! in labels) throw new Error(`label ${m[1]} twice in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    if (m[3] === '' && LABEL.lastIndex < text.length) throw new Error(`bad labels in: ${line}`);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** The metric family a sample belongs to, given the TYPEs declared so far. */
function familyOf(name: string, types: Map<string, string>): string | null {
  if (types.has(name) && !SUFFIXES[types.get(name)!]) return name;
  for (const [family, type] of types) {
    for (const suffix of SUFFIXES[type] ?? []) if (name === family + suffix) return family;
  }
  return null;
}

const includes = (labels: Record<string, string>, wanted: Record<string, string>) => Object.entries(wanted).every(([k, v]) => labels[k] === v);

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const h = HELP.exec(line);
    if (h) {
      help.set(h[1]!, h[2]!);
      continue;
    }
    const t = TYPE.exec(line);
    if (t) {
      if (types.has(t[1]!)) throw new Error(`TYPE of ${t[1]} twice`);
      types.set(t[1]!, t[2]!);
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unknown comment: ${line}`);
    const s = SAMPLE.exec(line);
    if (!s) throw new Error(`not a sample: ${line}`);
    if (!familyOf(s[1]!, types)) throw new Error(`sample before its TYPE: ${line}`);
    const labels = s[2] ? parseLabels(s[2], line) : {};
    const key = s[1]! + JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) throw new Error(`the same series twice: ${line}`);
    seen.add(key);
    samples.push({ name: s[1]!, labels, value: parseValue(s[3]!, line) });
  }
  const all = (name: string, labels: Record<string, string> = {}) => samples.filter((s) => s.name === name && includes(s.labels, labels));
  return {
    types,
    help,
    samples,
    all,
    value: (name, labels = {}) => {
      const found = all(name, labels);
      if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
      return found[0]!.value;
    },
  };
}
