/** English texts of API keys and the API's documentation (integrations.api in en.ts). */
export const enApiTexts = {};
