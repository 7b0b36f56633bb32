/**
 * Small DOM helpers shared by the renderers. Text goes in with textContent and
 * attributes with setAttribute; nothing from a payload is ever parsed as HTML.
 */

/** An element with a class and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/** The readable error box shown for a malformed payload, with the text/plain fallback under it. */
export function errorBox(message: string, plain: string | null): HTMLElement {
  const box = el('div', 'jp-SoftmaxError');
  box.setAttribute('role', 'alert');
  box.append(
    el('div', 'jp-SoftmaxError-title', 'Cannot display this output'),
    el('div', 'jp-SoftmaxError-message', message)
  );
  if (plain) {
    box.append(el('pre', 'jp-SoftmaxError-plain', plain));
  }
  return box;
}

/** A <pre> with the text/plain fallback (shown while loading). */
export function placeholder(text: string): HTMLElement {
  return el('pre', 'jp-SoftmaxPlaceholder', text);
}

export function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', 'jp-SoftmaxButton jp-mod-styled', label);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

/** Save text or a data URL as a file through a temporary <a download>. */
export function download(filename: string, content: string | Blob, mime = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A log-scale temperature control: slider (0.05 … 20) plus an exact number box. */
export class TemperatureControl {
  readonly node: HTMLElement;
  onChange: (t: number) => void = () => undefined;

  constructor(initial: number, label = 'Temperature') {
    this.node = el('div', 'jp-SoftmaxTemperature');
    const id = `jp-SoftmaxTemperature-${++count}`;
    const name = el('label', 'jp-SoftmaxTemperature-label', label);
    name.htmlFor = id;
    this.slider = el('input', 'jp-SoftmaxTemperature-slider');
    this.slider.type = 'range';
    this.slider.id = id;
    this.slider.min = String(Math.log(0.05));
    this.slider.max = String(Math.log(20));
    this.slider.step = '0.001';
    this.slider.setAttribute('aria-label', `${label} (log scale)`);
    this.box = el('input', 'jp-SoftmaxTemperature-value');
    this.box.type = 'number';
    this.box.min = '0.001';
    this.box.step = '0.01';
    this.box.setAttribute('aria-label', `${label} value`);
    this.set(initial);
    this.slider.addEventListener('input', () => {
      const t = Number(Math.exp(Number(this.slider.value)).toPrecision(4));
      this.box.value = String(t);
      this.slider.setAttribute('aria-valuetext', `T = ${t}`);
      this.onChange(t);
    });
    // 'input', not 'change': Chrome fires no change on Enter in a number box.
    this.box.addEventListener('input', () => {
      const t = Number(this.box.value);
      if (this.box.value !== '' && t > 0 && Number.isFinite(t)) {
        this.slider.value = String(Math.log(t));
        this.slider.setAttribute('aria-valuetext', `T = ${t}`);
        this.onChange(t);
      }
    });
    this.node.append(name, this.slider, this.box);
  }

  /** Show t without firing onChange. */
  set(t: number): void {
    this.slider.value = String(Math.log(t));
    this.box.value = String(Number(t.toPrecision(4)));
    this.slider.setAttribute('aria-valuetext', `T = ${Number(t.toPrecision(4))}`);
  }

  private slider: HTMLInputElement;
  private box: HTMLInputElement;
}

let count = 0;
