/** Swedish texts of API keys and the API's documentation (integrations.api in sv.ts). */
export const svApiTexts = {};
