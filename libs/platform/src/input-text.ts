import type { FieldViolation } from './platform.errors';

const LONG_TEXT = Symbol('sce:long-text');

/** Marks an input field as long text (a description, objectives, a reason): tab and line breaks are allowed in it. */
export const LongText = (): PropertyDecorator => (target, key) => Reflect.defineMetadata(LONG_TEXT, true, target, key);

// C0 and C1 control characters and DEL. Long texts may hold tab, line feed and carriage return.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Every string in an input that holds a control character, by field path. Checked at the input boundary, so
 * a NUL (which PostgreSQL refuses) or an escape sequence (which a log viewer obeys) never reaches a command.
 */
export function controlCharacterViolations(value: unknown, path: string, longText = false): FieldViolation[] {
  if (typeof value === 'string') {
    const pattern = longText ? CONTROL_BUT_LINE_BREAKS : CONTROL;
    if (!pattern.test(value)) return [];
    const allowed = longText ? ' (only tab and line breaks are allowed)' : '';
    return [{ field: path || 'value', messages: [`${path || 'value'} must not contain control characters${allowed}`] }];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => controlCharacterViolations(item, `${path}[${index}]`, longText));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const prototype = Object.getPrototypeOf(value);
    return Object.entries(value).flatMap(([key, item]) =>
      controlCharacterViolations(item, path ? `${path}.${key}` : key, prototype ? Reflect.getMetadata(LONG_TEXT, prototype, key) === true : false),
    );
  }
  return [];
}
