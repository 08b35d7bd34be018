import { aContent } from '../testing/case-study-content.fixture';
import { diffContents } from './case-study-diff';

describe('diffContents', () => {
  it('finds nothing between a text and itself', () => expect(diffContents(aContent(), aContent())).toEqual([]));

  it('shows a changed text word by word', () => {
    const [change] = diffContents(aContent({ summary: 'Deep renovation of 40 blocks' }), aContent({ summary: 'Deep energy renovation of 42 blocks' }));
    expect(change).toMatchObject({ field: 'summary', kind: 'CHANGED', before: 'Deep renovation of 40 blocks', after: 'Deep energy renovation of 42 blocks', items: null });
    expect(change.words!.filter((part) => part.kind !== 'UNCHANGED')).toEqual([
      { kind: 'ADDED', text: 'energy ' },
      { kind: 'REMOVED', text: '40' },
      { kind: 'ADDED', text: '42' },
    ]);
    expect(change.words!.filter((part) => part.kind !== 'ADDED').map((part) => part.text).join('')).toBe('Deep renovation of 40 blocks');
  });

  it('shows lists item by item, and names the narrative part that changed', () => {
    const changes = diffContents(aContent(), aContent({ sectors: ['ENERGY', 'WATER'], narrative: { ...aContent().narrative, process: 'Owners voted twice' } }));
    expect(changes.map((change) => change.field)).toEqual(['sectors', 'narrative.process']);
    expect(changes[0].items).toEqual([
      { kind: 'REMOVED', value: 'HOUSING' },
      { kind: 'UNCHANGED', value: 'ENERGY' },
      { kind: 'ADDED', value: 'WATER' },
    ]);
  });

  it('tells added and removed fields from changed ones', () => {
    const changes = diffContents(aContent({ cost: null, fundingSources: ['EBRD loan'] }), aContent({ cost: { amount: 5, currency: 'EUR' }, fundingSources: [] }));
    expect(changes.map(({ field, kind }) => [field, kind])).toEqual([
      ['cost', 'ADDED'],
      ['fundingSources', 'REMOVED'],
    ]);
    expect(changes[0].after).toBe('{"amount":5,"currency":"EUR"}');
  });
});
