export * from './bounded-contexts';
export * from './infrastructure';
export * from './data-directory-lock';
