import type { GuidelineTextObject, GuidelineVersionObject } from './guideline.object-type';

/**
 * A version as one Markdown document. Section bodies are Markdown already; their headings become level-2
 * headings under the title, so a body's own headings should start at level 3.
 */
export function toMarkdown(text: GuidelineTextObject, version: GuidelineVersionObject): string {
  const published = version.publishedAt.toISOString().slice(0, 10);
  const lines = [`# ${text.title}`, '', `_Version ${version.number}, published ${published}: ${version.changeSummary}_`, '', text.summary.trim(), ''];
  for (const section of text.sections) lines.push(`## ${section.heading}`, '', section.body.trim(), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
