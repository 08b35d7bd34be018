export * from './bounded-contexts';
export * from './infrastructure';
