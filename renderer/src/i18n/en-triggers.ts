/** English texts of inbound alarms: rules, sources, proposals (integrations.triggers in en.ts). */
export const enTriggerTexts = {};
