import { useI18n } from '../i18n';

export interface DiffPart {
  kind: 'ADDED' | 'REMOVED' | 'UNCHANGED';
  text: string;
}

// Each run carries its own spaces (jsdiff's diffWords on the API side), so runs are shown as they come.
const joined = (parts: DiffPart[]) => parts.map((part) => part.text);

/** Word-level changes in one flow: removed words struck through, added ones underlined (not colour alone). */
export function InlineDiff({ parts }: { parts: DiffPart[] }) {
  const i18n = useI18n();
  const texts = joined(parts);
  return (
    <p class="diff inline">
      {parts.map((part, index) =>
        part.kind === 'ADDED' ? (
          <ins key={index} title={i18n.t('added')}>{texts[index]}</ins>
        ) : part.kind === 'REMOVED' ? (
          <del key={index} title={i18n.t('removed')}>{texts[index]}</del>
        ) : (
          <span key={index}>{texts[index]}</span>
        ),
      )}
    </p>
  );
}

/** The same changes as two columns: the text before (with its removals) and after (with its additions). */
export function SideBySideDiff({ parts }: { parts: DiffPart[] }) {
  const i18n = useI18n();
  const side = (keep: DiffPart['kind'], Tag: 'del' | 'ins') => {
    const kept = parts.filter((part) => part.kind === 'UNCHANGED' || part.kind === keep);
    const texts = joined(kept);
    return kept.map((part, index) => (part.kind === keep ? <Tag key={index}>{texts[index]}</Tag> : <span key={index}>{texts[index]}</span>));
  };
  return (
    <div class="diff side-by-side">
      <div class="diff-side">
        <h4>{i18n.t('before')}</h4>
        <p>{side('REMOVED', 'del')}</p>
      </div>
      <div class="diff-side">
        <h4>{i18n.t('after')}</h4>
        <p>{side('ADDED', 'ins')}</p>
      </div>
    </div>
  );
}

export function DiffView({ parts, mode }: { parts: DiffPart[]; mode: 'inline' | 'side-by-side' }) {
  return mode === 'inline' ? <InlineDiff parts={parts} /> : <SideBySideDiff parts={parts} />;
}
