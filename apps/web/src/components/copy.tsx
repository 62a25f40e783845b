import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button that copies `text` and says so; a browser that refuses the clipboard leaves it unchanged. */
export function CopyButton({ text, className = 'btn shrink-0' }: { text: string; className?: string }) {
  const { t } = useTranslation();
  const [copiedText, setCopiedText] = useState<string | null>(null);
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopiedText(text);
        } catch {
          setCopiedText(null);
        }
      }}
    >
      {copiedText === text ? t('app.copied') : t('app.copy')}
    </button>
  );
}

/** A secret shown once after it is made (a key, an invite link): the value, copy and done. */
export function ShownOnce(props: {
  title: ReactNode;
  hint: ReactNode;
  value: string;
  testId: string;
  valueTestId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="mt-4 rounded-lg border border-accent/50 bg-accent/5 p-4" data-testid={props.testId}>
      <p className="font-semibold text-accent-strong">{props.title}</p>
      <p className="text-sm text-muted">{props.hint}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 flex-1 rounded bg-bg px-2 py-1.5 font-mono text-sm break-all"
          data-testid={props.valueTestId}
        >
          {props.value}
        </code>
        <CopyButton text={props.value} className="btn" />
        <button type="button" className="btn" onClick={props.onDone}>
          {t('app.done')}
        </button>
      </div>
    </div>
  );
}
