/** Why the engine refused an import file, in the operator's language (codes `import.*`). */
import type { TFunction } from 'i18next';
import type { ApiError } from '../api/api-error';
import { formatCount } from '../i18n/format';

export function importErrorText(t: TFunction, err: ApiError, language: string): string | null {
  const p = err.params;
  const line = typeof p.line === 'number' ? formatCount(p.line, language) : null;
  const limit = typeof p.limit === 'number' ? formatCount(p.limit, language) : '';
  switch (err.code) {
    case 'import.binary':
      return t('errors.codes.import.binary');
    case 'import.encoding':
      return line ? t('errors.codes.import.encodingLine', { line }) : t('errors.codes.import.encoding');
    case 'import.empty':
      return t('errors.codes.import.empty');
    case 'import.too_large': {
      const megabytes = typeof p.limit === 'number' ? Math.floor(p.limit / (1024 * 1024)) : '';
      return t('errors.codes.import.too_large', { megabytes });
    }
    case 'import.too_many_rows':
      return t('errors.codes.import.too_many_rows', { limit });
    case 'import.line_too_long':
      return line ? t('errors.codes.import.line_too_longLine', { line, limit }) : t('errors.codes.import.line_too_long', { limit });
    case 'import.csv_syntax':
      return line ? t('errors.codes.import.csv_syntaxLine', { line }) : t('errors.codes.import.csv_syntax');
    case 'import.busy':
      return t('errors.codes.import.busy');
    case 'import.bad_chunk':
      return t('errors.codes.import.bad_chunk');
    case 'import.upload_gone':
      return t('errors.codes.import.upload_gone');
    case 'import.no_name_column':
      return t('errors.codes.import.no_name_column');
    case 'import.unknown_format':
      return p.kind === 'spreadsheet' ? t('errors.codes.import.unknown_formatSpreadsheet') : t('errors.codes.import.unknown_format');
    default:
      return null;
  }
}
