import { renderToString } from 'preact-render-to-string';
import { createI18n, I18nContext } from '../i18n';
import { DiffView, type DiffPart } from './diff-view';

// As the API sends them: jsdiff word runs, each with its own spaces.
const parts: DiffPart[] = [
  { kind: 'UNCHANGED', text: 'Publish the data under an ' },
  { kind: 'REMOVED', text: 'open' },
  { kind: 'ADDED', text: 'attribution' },
  { kind: 'UNCHANGED', text: ' licence' },
  { kind: 'ADDED', text: ' every year' },
  { kind: 'UNCHANGED', text: '.' },
];

const render = (mode: 'inline' | 'side-by-side') =>
  renderToString(
    <I18nContext.Provider value={createI18n('en')}>
      <DiffView parts={parts} mode={mode} />
    </I18nContext.Provider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('DiffView', () => {
  it('inline: removed words struck through and added ones inserted, in the order of the text', () => {
    const html = render('inline');
    expect(html).toContain('<del title="removed">open</del>');
    expect(html).toContain('<ins title="added">attribution</ins>');
    expect(html).toContain('<ins title="added"> every year</ins>');
    expect(html.indexOf('<del')).toBeLessThan(html.indexOf('<ins'));
    expect(text(html)).toBe('Publish the data under an openattribution licence every year.');
  });

  it('side by side: the text before with its removals, and the text after with its additions', () => {
    const html = render('side-by-side');
    const [before, after] = html.split('<div class="diff-side">').slice(1);
    expect(text(before)).toBe('BeforePublish the data under an open licence.');
    expect(before).toContain('<del>open</del>');
    expect(before).not.toContain('<ins');
    expect(text(after)).toBe('AfterPublish the data under an attribution licence every year.');
    expect(after).toContain('<ins>attribution</ins>');
    expect(after).not.toContain('<del');
  });
});
