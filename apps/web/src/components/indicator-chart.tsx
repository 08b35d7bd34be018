import { useI18n } from '../i18n';

export interface Indicator {
  kpiCode?: string | null;
  name?: string | null;
  unit?: string | null;
  baseline?: number | null;
  achieved?: number | null;
  year?: number | null;
}

const WIDTH = 240;
const BAR = 18;

/** Baseline and achieved as two bars on one scale, with the numbers written out (the chart is not the only carrier). */
export function IndicatorChart({ indicator, title }: { indicator: Indicator; title: string }) {
  const i18n = useI18n();
  const values = [indicator.baseline, indicator.achieved].filter((v): v is number => typeof v === 'number');
  if (!values.length) return null;
  const max = Math.max(...values.map(Math.abs), 1e-9);
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  const rows = [
    { label: i18n.t('baseline'), value: indicator.baseline, class: 'bar-baseline' },
    { label: i18n.t('achieved'), value: indicator.achieved, class: 'bar-achieved' },
  ].filter((row) => typeof row.value === 'number');
  const description = rows.map((row) => `${row.label}: ${i18n.number(row.value!)}${unit}`).join(', ');
  return (
    <svg class="indicator-chart" viewBox={`0 0 ${WIDTH + 130} ${rows.length * (BAR + 8)}`} width={WIDTH + 130} height={rows.length * (BAR + 8)} role="img" aria-label={`${title}: ${description}`}>
      {rows.map((row, index) => (
        <g key={row.class} transform={`translate(0 ${index * (BAR + 8)})`}>
          <text x="0" y={BAR - 5} class="chart-label">{row.label}</text>
          <rect x="70" y="0" height={BAR} width={Math.max(2, (Math.abs(row.value!) / max) * (WIDTH - 70))} class={row.class} />
          <text x={74 + Math.max(2, (Math.abs(row.value!) / max) * (WIDTH - 70))} y={BAR - 5} class="chart-value">
            {i18n.number(row.value!)}
            {unit}
          </text>
        </g>
      ))}
    </svg>
  );
}
