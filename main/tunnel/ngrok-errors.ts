/** ngrok's failures in words an operator can act on. The authtoken never appears in them. */

const REFUSED_TOKEN = ['ERR_NGROK_105', 'ERR_NGROK_106', 'ERR_NGROK_107'];
const DOMAIN_NOT_RESERVED = ['ERR_NGROK_319', 'ERR_NGROK_354', 'ERR_NGROK_7117', 'ERR_NGROK_7118'];
const DOMAIN_OF_ANOTHER_ACCOUNT = ['ERR_NGROK_320', 'ERR_NGROK_414'];
const PLAN_CANNOT_USE_DOMAIN = ['ERR_NGROK_310', 'ERR_NGROK_401', 'ERR_NGROK_412'];
const ACCOUNT_BLOCKED = ['ERR_NGROK_102', 'ERR_NGROK_103'];
const AGENT_TOO_OLD = ['ERR_NGROK_120', 'ERR_NGROK_121'];
const IP_REFUSED = ['ERR_NGROK_115', 'ERR_NGROK_116'];
// Failures to reach ngrok's service carry no ERR_NGROK code, only the transport's words.
const NETWORK = /dns|resolv|lookup|tcp|tls|connect|timed? ?out|network|unreachable|refused|reset|io error/i;

/** ERR_NGROK_105 echoes the token back ("Your authtoken: ..."): strip it before anything shows or logs it. */
export function redactAuthtoken(text: string, authtoken: string | null): string {
  let out = text.replace(/(authtoken:?\s*)\S+/gi, '$1[redacted]');
  if (authtoken && authtoken.length >= 4) out = out.split(authtoken).join('[redacted]');
  return out;
}

const firstLine = (text: string) => {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
};

export function ngrokErrorMessage(error: unknown, ctx: { authtoken: string | null; domain: string }): string {
  const e = (error ?? {}) as { errorCode?: unknown; message?: unknown };
  const raw = redactAuthtoken(typeof e.message === 'string' ? e.message : String(error), ctx.authtoken);
  const code = typeof e.errorCode === 'string' ? e.errorCode : (/ERR_NGROK_\d+/.exec(raw)?.[0] ?? null);
  const domain = ctx.domain || 'the chosen domain';
  if (code === 'ERR_NGROK_4018') {
    return 'ngrok needs an authtoken: set it in Inställningar → Publik adress och tunnel or GDIAL_NGROK_AUTHTOKEN';
  }
  if (code && REFUSED_TOKEN.includes(code)) {
    return `ngrok refused the authtoken (${code}): copy it again from dashboard.ngrok.com → Your Authtoken into Inställningar → Publik adress och tunnel`;
  }
  if (code === 'ERR_NGROK_108') {
    return `the ngrok account is already online elsewhere (${code}, too many agent sessions): stop ngrok or the other GDial using this authtoken, or upgrade the ngrok plan`;
  }
  if (code === 'ERR_NGROK_334') {
    return `${domain} is already online in another ngrok session (${code}): is another GDial or ngrok running with this domain?`;
  }
  if (code && DOMAIN_NOT_RESERVED.includes(code)) {
    return `${domain} is not reserved in this ngrok account (${code}): reserve it at dashboard.ngrok.com → Domains, or leave the domain empty`;
  }
  if (code && DOMAIN_OF_ANOTHER_ACCOUNT.includes(code)) {
    return `${domain} belongs to another ngrok account (${code}): use that account's authtoken, or another domain`;
  }
  if (code && PLAN_CANNOT_USE_DOMAIN.includes(code)) {
    return `this ngrok plan cannot use ${domain} (${code}): leave the domain empty, or upgrade the ngrok plan`;
  }
  if (code && ACCOUNT_BLOCKED.includes(code)) {
    return `the ngrok account is blocked (${code}: payment failed or account suspended): see dashboard.ngrok.com`;
  }
  if (code && AGENT_TOO_OLD.includes(code)) return `ngrok no longer accepts this GDial's ngrok library (${code}): update GDial`;
  if (code && IP_REFUSED.includes(code)) {
    return `ngrok refuses connections from this computer's IP address (${code}): check the IP restrictions in the ngrok dashboard`;
  }
  if (code) return `ngrok failed (${code}): ${firstLine(raw)}`;
  if (NETWORK.test(raw)) {
    return `ngrok cannot reach its service: no internet connection, or a firewall blocks outbound HTTPS to ngrok (${firstLine(raw)})`;
  }
  return `ngrok failed: ${firstLine(raw)}`;
}
