/** Swedish texts of inbound alarms: rules, sources, proposals (integrations.triggers in sv.ts). */
export const svTriggerTexts = {};
