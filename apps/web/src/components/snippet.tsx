const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);

/** Splits the API's snippet ("… <mark>word</mark> …", other markup escaped) into text and marked runs. */
export function snippetParts(snippet: string): Array<{ text: string; marked: boolean }> {
  return snippet
    .split(/<mark>(.*?)<\/mark>/g)
    .map((text, index) => ({ text: decode(text), marked: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}

/** Rendered as text nodes, never as HTML: nothing in a snippet can become markup. */
export function Snippet({ snippet }: { snippet: string }) {
  return <>{snippetParts(snippet).map((part) => (part.marked ? <mark>{part.text}</mark> : part.text))}</>;
}
