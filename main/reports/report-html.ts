/**
 * Printable HTML for the PDF exports: one self-contained Swedish document (no scripts, no
 * external resources, a CSP that forbids fetching any), semantic tables with captions and
 * header scopes, black on white, table headers repeated on every page.
 */
import type { AlertReport, LogRow } from '../contract';
import {
  ALERT_STATE_LABEL,
  ATTEMPT_STATE_LABEL,
  CHANNEL_LABEL,
  drillLabel,
  FIGURE_LABELS,
  formatLocalTime,
  PURPOSE_LABEL,
  RECIPIENT_STATE_LABEL,
} from './labels';

export interface HtmlOptions {
  productName: string;
  timeZone: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A time for people (local, with its zone) inside a machine-readable <time>. */
function time(isoValue: string | null, tz: string): string {
  if (isoValue === null) return '<span aria-label="saknas">–</span>';
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
<html lang="sv">
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
  return `<footer><p>Genererad ${time(generatedAt, opts.timeZone)} (${escapeHtml(opts.timeZone)}) av ${escapeHtml(opts.productName)}.</p></footer>`;
}

const badge = (drill: boolean) => `<span class="badge${drill ? '' : ' live'}">${escapeHtml(drillLabel(drill).toUpperCase())}</span>`;

function figureValue(value: number | null): string {
  return value === null ? '–' : escapeHtml(value.toLocaleString('sv-SE'));
}

export function reportHtml(report: AlertReport, opts: HtmlOptions): string {
  const a = report.alert;
  const tz = opts.timeZone;
  const title = `Larmrapport: ${a.title}`;
  const meta: Array<[string, string]> = [
    ['Larm-id', escapeHtml(String(a.id))],
    ['Typ', badge(a.drill)],
    ['Status', escapeHtml(ALERT_STATE_LABEL[a.state])],
    ['Kanaler', escapeHtml(a.channels.map((c) => CHANNEL_LABEL[c]).join(' + '))],
    ['Skapat', time(a.createdAt, tz)],
    ['Startat', time(a.startedAt, tz)],
    ['Avslutat', time(a.finishedAt, tz)],
    ['Skapat av', escapeHtml(a.createdBy ?? '–')],
    ['Godkänt av', escapeHtml(a.approvedBy ?? '–')],
  ];
  if (a.contentSha256) meta.push(['Meddelandets SHA-256', `<code>${escapeHtml(a.contentSha256)}</code>`]);
  if (a.burnedAt) meta.push(['Meddelandet bränt', time(a.burnedAt, tz)]);

  const figures = FIGURE_LABELS.map(
    ([key, label]) => `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${figureValue(report.figures[key])}</td></tr>`,
  ).join('\n');

  const people = report.recipients
    .map((r) => {
      const reasons = r.failures.length > 0 ? `<ul class="reasons">${r.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '';
      const via = r.confirmedVia ? ` (${escapeHtml(CHANNEL_LABEL[r.confirmedVia])})` : '';
      return `<tr>
<th scope="row">${escapeHtml(r.name)}</th>
<td>${escapeHtml(RECIPIENT_STATE_LABEL[r.state])}${r.inDoubt ? ', oklar status' : ''}</td>
<td>${time(r.reachedAt, tz)}</td>
<td>${r.confirmedAt ? time(r.confirmedAt, tz) + via : r.declinedAt ? `Avböjde ${time(r.declinedAt, tz)}` : '–'}</td>
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
<h2 id="figures-h">Nyckeltal</h2>
<table class="figures">
<caption>Utfall för larm ${escapeHtml(String(a.id))} (tider i sekunder från start)</caption>
<tbody>
${figures}
</tbody>
</table>
</section>
<section aria-labelledby="people-h">
<h2 id="people-h">Mottagare</h2>
<table>
<caption>${report.recipients.length} mottagare</caption>
<thead><tr><th scope="col">Namn</th><th scope="col">Status</th><th scope="col">Nådd</th><th scope="col">Svar</th><th scope="col" class="num">Försök</th><th scope="col">Misslyckade försök</th></tr></thead>
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
  const tz = opts.timeZone;
  const body = rows
    .map(
      (r) => `<tr>
<td>${time(r.queuedAt, tz)}</td>
<td>${escapeHtml(String(r.alertId))}: ${escapeHtml(r.alertTitle)}${r.drill ? ' (övning)' : ''}</td>
<th scope="row">${escapeHtml(r.recipientName)}</th>
<td>${escapeHtml(r.e164)}</td>
<td>${escapeHtml(PURPOSE_LABEL[r.purpose])}</td>
<td>${escapeHtml(ATTEMPT_STATE_LABEL[r.state])}</td>
<td>${time(r.answeredAt ?? (r.channel === 'sms' && r.state === 'completed' ? r.finishedAt : null), tz)}</td>
<td class="num">${r.channel === 'voice' ? (r.durationS ?? '–') : (r.segments ?? '–')}</td>
<td>${r.error ? escapeHtml(r.error) : '–'}</td>
</tr>`,
    )
    .join('\n');
  const voice = opts.channel === 'voice';
  const filters: Array<[string, string]> = opts.filters.length > 0 ? opts.filters : [['Urval', 'alla']];
  const html = `<header>
<p class="product">${escapeHtml(opts.productName)}</p>
<h1>${escapeHtml(opts.title)}</h1>
<dl class="meta">
${filters.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n')}
</dl>
</header>
<main>
<table>
<caption>${rows.length} rader, nyast först</caption>
<thead><tr><th scope="col">Köad</th><th scope="col">Larm</th><th scope="col">Mottagare</th><th scope="col">Nummer</th><th scope="col">Syfte</th><th scope="col">Status</th><th scope="col">${voice ? 'Svarad' : 'Levererad'}</th><th scope="col" class="num">${voice ? 'Längd (s)' : 'Segment'}</th><th scope="col">Orsak</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</main>
${footer(opts.generatedAt, opts)}`;
  return page({ ...opts, title: `${opts.productName} – ${opts.title}`, wide: true, body: html });
}
