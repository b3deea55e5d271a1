/**
 * `/healthz` and `/readyz`, for a reverse proxy or load balancer in front of several engines,
 * on the console port and on the webhook port alike:
 * - `/healthz`: this engine's process is up and answering (200), whatever the database does.
 * - `/readyz`: this engine can write to the database now (200), else 503. A proxy sends carrier
 *   callbacks only to ready engines: a callback needs a write to be recorded.
 * Both say which workstation answered and whether it leads, so a person reading them knows.
 */
import type { ServerResponse } from 'node:http';

export interface HealthPort {
  /** This engine's workstation name and role in the cluster. */
  whoAmI(): { workstation: string; role: 'leader' | 'standby' };
  /** Whether a write to the database succeeds now (a real write, quickly). */
  canWrite(): Promise<boolean>;
}

/** Answers `/healthz` or `/readyz`; false for any other path (the caller goes on). */
export function answerHealth(pathname: string, res: ServerResponse, health: HealthPort | undefined): boolean {
  if (pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ ok: true, ...health?.whoAmI() }));
    return true;
  }
  if (pathname !== '/readyz') return false;
  const answer = (ready: boolean) =>
    res
      .writeHead(ready ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify({ ok: ready, database: ready ? 'writable' : 'unavailable', ...health?.whoAmI() }));
  if (!health) {
    answer(false);
    return true;
  }
  health.canWrite().then(answer, () => answer(false));
  return true;
}
