/**
 * The table's text/html fallback: a plain semantic <table> (caption, thead,
 * tbody, th scope) with no style, class or script, so GitHub, nbviewer, VS Code
 * and an untrusted JupyterLab all show it as is. Every user string is escaped.
 */
import type { TableData } from './table';
import { classNames, formatProb, probabilitiesAt, rowStats } from './tablemath';

/** Rows and class columns in the HTML (the interactive view has them all). */
export const HTML_ROWS = 50;
export const HTML_CLASSES = 50;

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
};

/** Escape text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, ch => ESC[ch]);
}

export function tableHtml(d: TableData, caption: string, note: string | null): string {
  const { payload: p, rows, classes: c } = d;
  const shown = Math.min(rows, HTML_ROWS);
  const cols = Math.min(c, HTML_CLASSES);
  const probs = probabilitiesAt(d.values, shown, c, p.kind === 'logits', p.temperature);
  const st = rowStats(probs, shown, c);
  const names = classNames(p.classes, c).map(escapeHtml);
  const parts: string[] = ['<table>'];
  const extra: string[] = [];
  if (shown < p.totalRows) {
    extra.push(`first ${shown} of ${p.totalRows} rows`);
  }
  if (cols < c) {
    extra.push(`first ${cols} of ${c} classes`);
  }
  const cap = escapeHtml(caption) + (extra.length ? ` (${extra.join(', ')})` : '');
  parts.push(`<caption>${cap}</caption>`, '<thead><tr><th scope="col">#</th>');
  for (let j = 0; j < cols; j++) {
    parts.push(`<th scope="col">${names[j]}</th>`);
  }
  parts.push(
    '<th scope="col">sum</th><th scope="col">predicted</th><th scope="col">confidence</th></tr></thead><tbody>'
  );
  for (let i = 0; i < shown; i++) {
    parts.push(`<tr><th scope="row">${i}</th>`);
    for (let j = 0; j < cols; j++) {
      const v = formatProb(probs[i * c + j]);
      // The argmax is marked semantically (bold everywhere, no CSS needed).
      parts.push(j === st.pred[i] ? `<td><strong>${v}</strong></td>` : `<td>${v}</td>`);
    }
    const pred = st.pred[i] >= 0 ? names[st.pred[i]] : '-';
    parts.push(
      `<td>${formatProb(st.sum[i])}</td><td>${pred}</td><td>${formatProb(st.conf[i])}</td></tr>`
    );
  }
  parts.push('</tbody></table>');
  if (note) {
    parts.push(`<p>${escapeHtml(note)}</p>`);
  }
  return parts.join('');
}
