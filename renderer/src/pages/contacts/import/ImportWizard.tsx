/**
 * The import wizard: file → columns → review → confirm → result. Every step before the
 * confirmation is the engine's dry run; nothing touches the book until "Importera".
 */
import { Modal, Stepper } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMappingDto, ImportReport, ImportResult } from '@contract';
import { isApiError } from '../../../api/api-error';
import { useApi } from '../../../api/ApiProvider';
import { CommitStep } from './CommitStep';
import { FileStep } from './FileStep';
import { useImportProgress } from './ImportProgress';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { ResultStep } from './ResultStep';
import { uploadFile } from './upload-file';

type Step = 0 | 1 | 2 | 3 | 4;
type Preview = { ok: true; report: ImportReport } | { ok: false; error: unknown };

interface Props {
  groupNames: string[];
  onClose: () => void;
}

/** Without a name column the engine cannot guess a mapping, but it names the headers it found. */
function blankMapping(error: unknown): ColumnMappingDto[] | null {
  if (!isApiError(error) || error.code !== 'import.no_name_column' || typeof error.params.headers !== 'string') return null;
  return error.params.headers.split(', ').map((header, column) => ({ column, header, field: 'ignore' as const }));
}

export function ImportWizard({ groupNames, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [step, setStep] = useState<Step>(0);
  const [returning, setReturning] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  /** The engine's id for the chosen file once it is sent: every re-read names it, nothing is sent twice. */
  const uploadId = useRef<string | null>(null);
  const [targetGroup, setTargetGroup] = useState('');
  const [mapping, setMapping] = useState<ColumnMappingDto[] | null>(null);
  const [edited, setEdited] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { progress, begin, end, uploading } = useImportProgress();

  // An upload the wizard leaves behind (closed, another file chosen) is dropped at once; the
  // engine would drop it anyway after a while.
  const discard = () => {
    const id = uploadId.current;
    uploadId.current = null;
    if (id) api.call('contacts.importDiscard', { uploadId: id }).catch(() => {});
  };
  useEffect(
    () => () => {
      const id = uploadId.current;
      if (id) api.call('contacts.importDiscard', { uploadId: id }).catch(() => {});
    },
    [api],
  );

  function go(next: Step): void {
    setError(null);
    setReturning(next < step);
    setStep(next);
  }

  function chooseFile(next: File): void {
    setFile(next);
    discard();
    setReport(null);
    setMapping(null);
    setEdited(false);
    setError(null);
  }

  async function preview(withMapping: ColumnMappingDto[] | null): Promise<Preview> {
    if (!file) return { ok: false, error: null };
    setBusy(true);
    setError(null);
    begin();
    try {
      const group = targetGroup.trim();
      const read = async () => {
        uploadId.current ??= await uploadFile(api, file, ({ sent, size }) => uploading(sent, size));
        return api.call('contacts.importPreview', {
          uploadId: uploadId.current,
          ...(withMapping ? { mapping: withMapping } : {}),
          ...(group ? { targetGroup: group } : {}),
        });
      };
      const answer = await read().catch((err: unknown) => {
        // The engine dropped the upload (the wizard sat idle too long): send the file once more.
        if (!isApiError(err) || err.code !== 'import.upload_gone') throw err;
        uploadId.current = null;
        return read();
      });
      setReport(answer);
      setMapping(answer.mapping);
      return { ok: true, report: answer };
    } catch (err) {
      setReport(null);
      setError(err);
      return { ok: false, error: err };
    } finally {
      end();
      setBusy(false);
    }
  }

  async function read(): Promise<void> {
    setEdited(false);
    const answer = await preview(null);
    if (answer.ok) {
      go(answer.report.format === 'csv' && answer.report.mapping.length > 0 ? 1 : 2);
      return;
    }
    const blank = blankMapping(answer.error);
    if (blank) {
      setMapping(blank);
      setEdited(true);
      go(1);
      // Shown on the columns step, which is where it can be fixed.
      setError(answer.error);
    }
  }

  function changeMapping(next: ColumnMappingDto[]): void {
    setMapping(next);
    setEdited(true);
    void preview(next);
  }

  async function readAgain(): Promise<void> {
    const answer = await preview(edited ? mapping : null);
    if (answer.ok) go(2);
  }

  async function commit(): Promise<void> {
    if (!report) return;
    setBusy(true);
    setError(null);
    begin();
    try {
      setResult(await api.call('contacts.importCommit', { importId: report.importId }));
      // The engine let go of the file with the commit.
      uploadId.current = null;
      go(4);
    } catch (err) {
      setError(err);
    } finally {
      end();
      setBusy(false);
    }
  }

  const backFromPreview = () => go(report?.format === 'csv' && mapping?.length ? 1 : 0);

  return (
    <Modal
      opened
      onClose={() => !busy && onClose()}
      size="xl"
      title={t('importWizard.title')}
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stepper active={step} onStepClick={(s) => go(s as Step)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('importWizard.steps.file')} allowStepSelect={!busy && step < 4}>
          <FileStep
            file={file}
            onFile={chooseFile}
            targetGroup={targetGroup}
            onTargetGroup={setTargetGroup}
            groupNames={groupNames}
            busy={busy}
            progress={progress}
            error={error}
            onRead={() => void read()}
            returning={returning}
          />
        </Stepper.Step>
        <Stepper.Step label={t('importWizard.steps.mapping')} allowStepSelect={!busy && step < 4 && Boolean(mapping?.length)}>
          {mapping ? (
            <MappingStep
              mapping={mapping}
              report={report}
              onChange={changeMapping}
              busy={busy}
              progress={progress}
              error={error}
              onBack={() => go(0)}
              onNext={() => go(2)}
            />
          ) : null}
        </Stepper.Step>
        <Stepper.Step label={t('importWizard.steps.preview')} allowStepSelect={!busy && step < 4 && Boolean(report)}>
          {report ? <PreviewStep report={report} onBack={backFromPreview} onNext={() => go(3)} /> : null}
        </Stepper.Step>
        <Stepper.Step label={t('importWizard.steps.commit')} allowStepSelect={false}>
          {report ? (
            <CommitStep
              report={report}
              targetGroup={targetGroup}
              busy={busy}
              progress={progress}
              error={error}
              onBack={() => go(2)}
              onCommit={() => void commit()}
              onReadAgain={() => void readAgain()}
            />
          ) : null}
        </Stepper.Step>
        <Stepper.Step label={t('importWizard.steps.result')} allowStepSelect={false}>
          {result ? <ResultStep result={result} onClose={onClose} /> : null}
        </Stepper.Step>
      </Stepper>
    </Modal>
  );
}
