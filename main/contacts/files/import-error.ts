import { AppError } from '../../errors';

/** Every refusal of a file is a validation error with a stable code the console translates. */
export type ImportErrorCode =
  | 'import.binary'
  | 'import.encoding'
  | 'import.empty'
  | 'import.too_large'
  | 'import.too_many_rows'
  | 'import.line_too_long'
  | 'import.csv_syntax'
  | 'import.no_name_column'
  | 'import.unknown_format';

export function importError(
  code: ImportErrorCode,
  message: string,
  params: Record<string, string | number> = {},
): AppError {
  return new AppError('validation', message, { code, params });
}
