import { limitClause, placeholders, positional } from './sql-statements';

describe('positional parameters from named ones', () => {
  it('turns each :name into ? with its value, in order of appearance, repeats included', () => {
    expect(positional('(o.status <> :status OR EXISTS (SELECT 1 FROM m WHERE m.account_id = :actor AND m.role = :status))', { status: 'SUSPENDED', actor: 'a-1' })).toEqual({
      text: '(o.status <> ? OR EXISTS (SELECT 1 FROM m WHERE m.account_id = ? AND m.role = ?))',
      values: ['SUSPENDED', 'a-1', 'SUSPENDED'],
    });
  });

  it("leaves PostgreSQL casts alone and refuses a name it has no value for", () => {
    expect(positional('o.position::text = :position', { position: '7' })).toEqual({ text: 'o.position::text = ?', values: ['7'] });
    expect(() => positional('o.id = :missing', {})).toThrow('no value for :missing');
  });

  it('writes a list of placeholders', () => {
    expect(placeholders(3)).toBe('?, ?, ?');
  });
});

describe('limitClause: a page size written into the statement', () => {
  it('writes a row count and refuses anything else (it becomes SQL text)', () => {
    expect(limitClause(21)).toBe('LIMIT 21');
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1; DROP TABLE x' as unknown as number]) expect(() => limitClause(bad)).toThrow('not a row count');
  });
});
