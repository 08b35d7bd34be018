import { renderToString } from 'preact-render-to-string';
import { createI18n, I18nContext } from '../i18n';
import { CaseDetailsFields, EMPTY_DETAILS, EMPTY_OUTCOME, detailsInput, fieldPath, type CaseDetails } from './case-form-groups';

const render = (details: CaseDetails, messages: Record<string, string> = {}) =>
  renderToString(
    <I18nContext.Provider value={createI18n('en')}>
      <CaseDetailsFields details={details} messages={messages} onChange={() => undefined} />
    </I18nContext.Provider>,
  );

const twoOutcomes: CaseDetails = {
  ...EMPTY_DETAILS,
  outcomes: [
    { ...EMPTY_OUTCOME, description: 'Less diesel', name: 'Diesel burnt', unit: 'l', baseline: '120', achieved: '80', year: '2024' },
    { ...EMPTY_OUTCOME, description: 'Cleaner air', kpiCode: 'not a code' },
  ],
};

describe('the case study form: repeatable outcomes', () => {
  it('renders each outcome as its own labelled group with a remove button, and one add button', () => {
    const html = render(twoOutcomes);
    expect(html).toContain('<legend>Outcome 1</legend>');
    expect(html).toContain('<legend>Outcome 2</legend>');
    expect(html).toContain('Remove Outcome 2');
    expect(html.match(/Add an outcome/g)).toHaveLength(1);
    expect(html).toMatch(/<label for="cs-outcome-1-kpi">U4SSC KPI code/);
  });

  it("puts the API's message under the field of the outcome it names, in either spelling of the path", () => {
    for (const field of ['outcomes.1.indicator.kpiCode', 'outcomes[1].indicator.kpiCode']) {
      const html = render(twoOutcomes, { [fieldPath(field)]: '"not a code" is not a U4SSC KPI code' });
      expect(html).toMatch(/id="cs-outcome-1-kpi"[^>]*aria-describedby="cs-outcome-1-kpi-error"/);
      expect(html).toContain('<p id="cs-outcome-1-kpi-error" class="field-error">&quot;not a code&quot; is not a U4SSC KPI code</p>');
      expect(html).not.toContain('cs-outcome-0-kpi-error');
    }
  });

  it('sends an outcome with an indicator only when one of its fields is filled, numbers as numbers, cost in minor units', () => {
    const input = detailsInput({ ...twoOutcomes, outcomes: [...twoOutcomes.outcomes, { ...EMPTY_OUTCOME, description: 'No figure' }], costAmount: '1250.5', costCurrency: 'EUR', fundingSources: ['ADB', ' '] });
    expect(input.outcomes[0].indicator).toEqual({ kpiCode: null, name: 'Diesel burnt', unit: 'l', baseline: 120, achieved: 80, year: 2024 });
    expect(input.outcomes[2].indicator).toBeNull();
    expect(input.cost).toEqual({ amount: 125050, currency: 'EUR' });
    expect(input.fundingSources).toEqual(['ADB']);
    expect(input.coordinates).toBeNull();
  });
});
