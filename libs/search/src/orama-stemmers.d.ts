// @orama/stemmers publishes its stemmers through package "exports" only, which the repository's
// moduleResolution ("node") does not read; Node and Jest do. These are the three entry points we use.
declare module '@orama/stemmers/english' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/french' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/russian' {
  export function stemmer(word: string): string;
}
