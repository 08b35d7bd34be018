import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { CreatePostgresCaseStudySearch1764331000000 } from './1764331000000-create-postgres-case-study-search';
import { CreatePostgresGuidelineSearch1764560000000 } from './1764560000000-create-postgres-guideline-search';

const recorder = () => {
  const statements: string[] = [];
  const runner = { connection: { driver: { options: { type: 'postgres' } } }, query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
  return { statements, runner };
};

describe('search tables SQL', () => {
  it('keeps the case-study search migration frozen: the statements it ran before createSearchTables was extracted, byte for byte', async () => {
    const { statements, runner } = recorder();
    await new CreatePostgresCaseStudySearch1764331000000().up(runner);
    await new CreatePostgresCaseStudySearch1764331000000().down(runner);
    // The SHA-256 of the statements joined by "\n;;\n", recorded from the migration as it was written.
    expect(createHash('sha256').update(statements.join('\n;;\n')).digest('hex')).toBe('110346c62504e2c59e1d847ed5f934565d7fc3b6554ec5f57e00b469a8b01245');
  });

  it('gives guideline search the same tables and indexes under its own prefix, and nothing of the case-study store', async () => {
    const caseStudies = recorder();
    await new CreatePostgresCaseStudySearch1764331000000().up(caseStudies.runner);
    const guidelines = recorder();
    await new CreatePostgresGuidelineSearch1764560000000().up(guidelines.runner);
    const tables = caseStudies.statements.filter((sql) => /CREATE (TABLE|INDEX)/.test(sql));
    expect(guidelines.statements.slice(0, tables.length)).toEqual(tables.map((sql) => sql.replace(/case_study_search_/g, 'guideline_search_')));
    expect(guidelines.statements.join('\n')).not.toContain('case_study_search');
  });
});
