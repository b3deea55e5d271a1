/** Placeholder for a part still being built (removed when every part is in). */
import { AppError } from '../errors';

export const notBuilt = (what: string) => () => {
  throw new AppError('unavailable', `${what} is not built yet`, { code: 'integrations.not_built' });
};
