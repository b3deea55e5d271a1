/** The report ledger's test support now lives in test-support/report-ledger.ts; this name stays for the suites that import it here. */
// Legacy twin until every caller is async (issue 13).
export { openTestDb, seedAlert, seedLedger, type SeedAttempt } from '../test-support/report-ledger';
