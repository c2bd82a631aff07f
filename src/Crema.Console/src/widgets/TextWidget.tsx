// Markdown text, rendered by marked and sanitised by DOMPurify (no scripts, no inline handlers).
import { useMemo } from 'preact/hooks';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function renderMarkdown(md: string): string {
  const html = marked.parse(md ?? '', { async: false, gfm: true, breaks: true }) as string;
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'input', 'button'], FORBID_ATTR: ['style'] });
}

export function TextWidget({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  return <div class="widget-body scroll markdown" data-state="ready" dangerouslySetInnerHTML={{ __html: html }} />;
}
