/**
 * Printable HTML for the PDF exports: one self-contained document in the exporting user's
 * language (words from labels.ts and the vocabulary; no scripts, no
 * external resources, a CSP that forbids fetching any), semantic tables with captions and
 * header scopes, black on white, table headers repeated on every page.
 */
import { durationWords, type AlertReport, type LogRow } from '../contract';
import { reasonWords } from '../dispatch/carrier-reasons';
import { drillWord, fillDoc, formatLocalTime, type ExportWords } from './labels';
import { failureText } from './report-csv';

export interface HtmlOptions {
  productName: string;
  timeZone: string;
  words: ExportWords;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A time for people (local, with its zone named) inside a machine-readable <time>. */
function time(isoValue: string | null, opts: HtmlOptions): string {
  const tz = opts.timeZone;
  if (isoValue === null) return `<span aria-label="${escapeHtml(opts.words.doc.report.missing)}">–</span>`;
  return `<time datetime="${escapeHtml(isoValue)}">${escapeHtml(formatLocalTime(isoValue, tz))}</time>`;
}

const STYLE = `
@page { size: A4; margin: 14mm 12mm 16mm; }
@page landscape { size: A4 landscape; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; font: 10pt/1.4 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
body { margin: 0; }
body.wide { page: landscape; font-size: 8.5pt; }
header { border-bottom: 2px solid #000; margin-bottom: 6mm; padding-bottom: 3mm; }
.product { font-weight: 700; letter-spacing: 0.08em; margin: 0; }
h1 { font-size: 17pt; margin: 1mm 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
.badge { display: inline-block; border: 1.5px solid #000; padding: 0 2mm; font-weight: 700; }
.badge.live { background: #000; color: #fff; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 5mm; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: 1mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; }
tbody th { font-weight: 600; }
time { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.figures { width: auto; min-width: 50%; }
.reasons { margin: 0; padding-left: 4mm; }
footer { margin-top: 6mm; border-top: 0.5pt solid #555; padding-top: 2mm; font-size: 8pt; }
`;

function page(opts: HtmlOptions & { title: string; wide?: boolean; body: string }): string {
  return `<!doctype html>
<html lang="${opts.words.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<style>${STYLE}</style>
</head>
<body${opts.wide ? ' class="wide"' : ''}>
${opts.body}
</body>
</html>
`;
}

function footer(generatedAt: string, opts: HtmlOptions): string {
  const line = escapeHtml(opts.words.doc.footer).replace('{{at}}', time(generatedAt, opts)).replace('{{zone}}', escapeHtml(opts.timeZone)).replace('{{product}}', escapeHtml(opts.productName));
  return `<footer><p>${line}</p></footer>`;
}

const badge = (w: ExportWords, drill: boolean) => `<span class="badge${drill ? '' : ' live'}">${escapeHtml(drillWord(w, drill).toUpperCase())}</span>`;

function figureValue(value: number | null, w: ExportWords): string {
  return value === null ? '–' : escapeHtml(value.toLocaleString(w.doc.locale));
}

export function reportHtml(report: AlertReport, opts: HtmlOptions): string {
  const a = report.alert;
  const w = opts.words;
  const d = w.doc.report;
  const at = (value: string | null) => time(value, opts);
  const title = `${d.title}: ${a.title}`;
  const meta: Array<[string, string]> = [
    [d.alertId, escapeHtml(String(a.id))],
    [d.type, badge(w, a.drill)],
    // Said where the type is: this alert's calls and texts went to a simulator, not to real phones.
    ...(a.onSimulator ? ([[d.carrier, `<strong>${escapeHtml(d.simulator)}</strong>`]] as Array<[string, string]>) : []),
    [d.state, escapeHtml(w.alertStates[a.state])],
    [d.channels, escapeHtml(a.channels.map((c) => w.channels[c]).join(' + '))],
    [d.createdAt, at(a.createdAt)],
    [d.startedAt, at(a.startedAt)],
    [d.finishedAt, at(a.finishedAt)],
    [d.createdBy, escapeHtml(a.createdBy ?? '–')],
    [d.approvedBy, escapeHtml(a.approvedBy ?? '–')],
  ];
  if (a.contentSha256) meta.push([d.contentSha256, `<code>${escapeHtml(a.contentSha256)}</code>`]);
  if (a.burnedAt) meta.push([d.burnedAt, at(a.burnedAt)]);

  // Durations read as on the console's report page ("2 min 5 s"), from the same whole seconds.
  const durations: ReadonlySet<keyof AlertReport['figures']> = new Set(['firstConfirmationSeconds', 'quorumSeconds']);
  const figures = (Object.keys(w.doc.figures) as Array<keyof AlertReport['figures']>)
    .map((key) => {
      const value = report.figures[key];
      const said = durations.has(key) && value !== null ? escapeHtml(durationWords(value, w.language)) : figureValue(value, w);
      return `<tr><th scope="row">${escapeHtml(w.doc.figures[key])}</th><td class="num">${said}</td></tr>`;
    })
    .join('\n');

  const c = w.doc.pdfRecipientColumns;
  const people = report.recipients
    .map((r) => {
      const reasons = r.failures.length > 0 ? `<ul class="reasons">${r.failures.map((f) => `<li>${escapeHtml(failureText(w, f))}</li>`).join('')}</ul>` : '';
      const via = r.confirmedVia ? ` (${escapeHtml(w.channels[r.confirmedVia])})` : '';
      const declined = r.declinedAt ? escapeHtml(d.declinedAt).replace('{{at}}', at(r.declinedAt)) : '–';
      return `<tr>
<th scope="row">${escapeHtml(r.name)}</th>
<td>${escapeHtml(w.recipientStates[r.state])}${r.inDoubt ? `, ${escapeHtml(d.inDoubtNote)}` : ''}</td>
<td>${at(r.reachedAt)}</td>
<td>${r.confirmedAt ? at(r.confirmedAt) + via : declined}</td>
<td class="num">${r.attempts}</td>
<td>${reasons || '–'}</td>
</tr>`;
    })
    .join('\n');

  const body = `<header>
<p class="product">${escapeHtml(opts.productName)}</p>
<h1>${escapeHtml(title)}</h1>
<dl class="meta">
${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</header>
<main>
<section aria-labelledby="figures-h">
<h2 id="figures-h">${escapeHtml(d.figuresHeading)}</h2>
<table class="figures">
<caption>${escapeHtml(fillDoc(d.figuresCaption, { id: a.id }))}</caption>
<tbody>
${figures}
</tbody>
</table>
</section>
<section aria-labelledby="people-h">
<h2 id="people-h">${escapeHtml(d.peopleHeading)}</h2>
<table>
<caption>${escapeHtml(fillDoc(d.peopleCaption, { count: report.recipients.length }))}</caption>
<thead><tr><th scope="col">${escapeHtml(c.name)}</th><th scope="col">${escapeHtml(c.state)}</th><th scope="col">${escapeHtml(c.reached)}</th><th scope="col">${escapeHtml(c.answer)}</th><th scope="col" class="num">${escapeHtml(c.attempts)}</th><th scope="col">${escapeHtml(c.failures)}</th></tr></thead>
<tbody>
${people}
</tbody>
</table>
</section>
</main>
${footer(report.generatedAt, opts)}`;
  return page({ ...opts, title: `${opts.productName} – ${title}`, body });
}

export function logsHtml(
  rows: LogRow[],
  opts: HtmlOptions & { title: string; channel: 'voice' | 'sms'; filters: Array<[string, string]>; generatedAt: string },
): string {
  const w = opts.words;
  const l = w.doc.logs;
  const c = w.doc.pdfLogColumns;
  const body = rows
    .map(
      (r) => `<tr>
<td>${time(r.queuedAt, opts)}</td>
<td>${escapeHtml(String(r.alertId))}: ${escapeHtml(r.alertTitle)}${r.drill ? ` (${escapeHtml(l.drill)})` : ''}</td>
<th scope="row">${escapeHtml(r.recipientName)}</th>
<td>${escapeHtml(r.e164)}</td>
<td>${escapeHtml(w.purposes[r.purpose])}</td>
<td>${escapeHtml(w.attemptStates[r.state])}</td>
<td>${time(r.answeredAt ?? (r.channel === 'sms' && r.state === 'completed' ? r.finishedAt : null), opts)}</td>
<td class="num">${r.channel === 'voice' ? (r.durationS ?? '–') : (r.segments ?? '–')}</td>
<td>${r.reason ? escapeHtml(reasonWords(w.language, r.reason)) : '–'}</td>
</tr>`,
    )
    .join('\n');
  const voice = opts.channel === 'voice';
  const filters: Array<[string, string]> = opts.filters.length > 0 ? opts.filters : [[l.selection, l.all]];
  const html = `<header>
<p class="product">${escapeHtml(opts.productName)}</p>
<h1>${escapeHtml(opts.title)}</h1>
<dl class="meta">
${filters.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
</dl>
</header>
<main>
<table>
<caption>${escapeHtml(fillDoc(l.caption, { count: rows.length }))}</caption>
<thead><tr><th scope="col">${escapeHtml(c.queued)}</th><th scope="col">${escapeHtml(c.alert)}</th><th scope="col">${escapeHtml(c.recipient)}</th><th scope="col">${escapeHtml(c.number)}</th><th scope="col">${escapeHtml(c.purpose)}</th><th scope="col">${escapeHtml(c.state)}</th><th scope="col">${escapeHtml(voice ? c.answered : c.delivered)}</th><th scope="col" class="num">${escapeHtml(voice ? c.duration : c.segments)}</th><th scope="col">${escapeHtml(c.reason)}</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</main>
${footer(opts.generatedAt, opts)}`;
  return page({ ...opts, title: `${opts.productName} – ${opts.title}`, wide: true, body: html });
}
