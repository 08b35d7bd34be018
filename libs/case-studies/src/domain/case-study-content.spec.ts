import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCurrencyCode, minorUnitDigits, normaliseKpiCode, normaliseLanguageTag, normaliseSdgCode } from './case-study-content';

// The U4SSC KPI list is a third-party transcription kept beside the repository (../shared/data): the product
// validates codes by the published scheme, and this spec checks the scheme against every code of that list.
const KPI_FILE = join(__dirname, '../../../../../shared/data/u4ssc-kpis.json');
const kpis = (JSON.parse(readFileSync(KPI_FILE, 'utf8')) as { kpis: { code: string }[] }).kpis;

describe('U4SSC KPI codes', () => {
  it('reads the 91 codes of the shared list', () => expect(kpis).toHaveLength(91));

  it('accepts every code of the shared list as it is spelt there', () => {
    expect(kpis.filter(({ code }) => normaliseKpiCode(code) !== code)).toEqual([]);
  });

  it.each([
    ['ec:ict:ict:1c', 'EC: ICT: ICT: 1C'],
    ['  EN:EN:AQ: 2C ', 'EN: EN: AQ: 2C'],
    ['sc : sh : sa : 9c', 'SC: SH: SA: 9C'],
  ])('spells %p as %p', (given, spelt) => expect(normaliseKpiCode(given)).toBe(spelt));

  it.each(['EX: ICT: ICT: 1C', 'EC: ICT: ICT: 0C', 'EC: ICT: ICT: 1B', 'EC: ICT: ICT: 1', 'EC: ICT: 1C', 'EC ICT ICT 1C', 'EC: ICTXX: ICT: 1C', 'EC: ICT: ICT: 100C', 'Household internet access', ''])(
    'refuses the near miss %p',
    (code) => expect(normaliseKpiCode(code)).toBeNull(),
  );
});

describe('SDG codes', () => {
  it.each(['1', '11', '17', '11.1', '11.a', '11.6.2', '17.19', ' 6.B '])('accepts %p', (code) => expect(normaliseSdgCode(code)).toBe(code.trim().toLowerCase()));
  it.each(['0', '18', '18.1', '11.', '11.0', '11.d', '11.6.2.1', 'SDG 11', '11,1', ''])('refuses %p', (code) => expect(normaliseSdgCode(code)).toBeNull());
});

describe('language tags and currencies', () => {
  it.each([
    ['en', 'en'],
    ['FR', 'fr'],
    ['ru', 'ru'],
    ['pt-br', 'pt-BR'],
    ['sr-latn', 'sr-Latn'],
  ])('spells the BCP 47 tag %p as %p', (tag, canonical) => expect(normaliseLanguageTag(tag)).toBe(canonical));
  it.each(['english', 'e', 'en_GB', 'en-', '123', ''])('refuses %p', (tag) => expect(normaliseLanguageTag(tag)).toBeNull());

  it('knows ISO 4217 codes and their minor units', () => {
    expect(['EUR', 'USD', 'KZT', 'GEL', 'JPY'].every(isCurrencyCode)).toBe(true);
    expect(['EURO', 'XYZ', 'eur'].some(isCurrencyCode)).toBe(false);
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY')]).toEqual([2, 0]);
  });
});
