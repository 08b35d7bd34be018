// A static conversion table for comparing and sorting costs given in different currencies: euros per unit,
// rounded yearly averages (2024). Search ranges and cost sorting use it; the case study keeps the amount and
// currency it was given in. Static on purpose: a search result must not change because a market moved, and
// the service makes no outside requests. Update by review, with the year.
export const EUR_RATES_YEAR = 2024;

export const EUR_PER_UNIT: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 0.924,
  GBP: 1.181,
  CHF: 1.05,
  SEK: 0.0876,
  NOK: 0.0859,
  DKK: 0.134,
  ISK: 0.00671,
  PLN: 0.232,
  CZK: 0.0399,
  HUF: 0.00253,
  RON: 0.201,
  BGN: 0.511,
  RSD: 0.00854,
  MKD: 0.0162,
  ALL: 0.00992,
  BAM: 0.511,
  MDL: 0.0521,
  UAH: 0.0229,
  BYN: 0.283,
  RUB: 0.0101,
  TRY: 0.0282,
  GEL: 0.343,
  AMD: 0.00237,
  AZN: 0.544,
  KZT: 0.00195,
  KGS: 0.0107,
  TJS: 0.0853,
  TMT: 0.264,
  UZS: 0.0000738,
  CAD: 0.675,
  ILS: 0.25,
  MAD: 0.0927,
  TND: 0.296,
  EGP: 0.0194,
  JOD: 1.303,
  AED: 0.252,
  SAR: 0.246,
  CNY: 0.128,
  JPY: 0.0061,
  INR: 0.011,
};

/** The amount in euros, or null when the currency is not in the table. */
export function toEur(amount: number, currency: string): number | null {
  const rate = EUR_PER_UNIT[currency.toUpperCase()];
  return rate === undefined ? null : amount * rate;
}
