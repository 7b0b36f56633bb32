/**
 * `io.BytesIO`, just enough for `torch.save(obj, buf)` / `buf.seek(0)` /
 * `torch.load(buf)` — the in-memory round trip PyTorch tutorials use. There is
 * no `bytes` type in the cell language, so write()/getvalue() are absent;
 * `getbuffer().nbytes` and len(buf.getbuffer()) are not needed by torch code.
 */
import {
  PyInstance,
  PyClass,
  PyValue,
  nativeClass,
  method,
  property,
  fn,
  makeModule,
  registerModule,
  pyErr,
  toBigInt
} from '../../native';

export class Buffer {
  data = new Uint8Array(0);
  pos = 0;
  closed = false;
  check(): void {
    if (this.closed) {
      throw pyErr('ValueError', 'I/O operation on closed file.');
    }
  }
  /** Bytes from the position to the end (torch.load reads the rest of the stream). */
  readRest(): Uint8Array {
    this.check();
    const out = this.data.slice(this.pos);
    this.pos = this.data.length;
    return out;
  }
  /** Write at the position, growing the buffer (torch.save). */
  write(bytes: Uint8Array): void {
    this.check();
    const end = this.pos + bytes.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(end);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(bytes, this.pos);
    this.pos = end;
  }
}

export const BytesIOClass: PyClass = nativeClass(
  'BytesIO',
  '_io',
  undefined,
  'Buffered I/O implementation using an in-memory bytes buffer.'
);
BytesIOClass.dict.set(
  '__new__',
  fn('__new__', 'cls, initial_bytes=None', cls => {
    return new PyInstance(cls as PyClass, new Buffer());
  })
);
BytesIOClass.dict.set(
  '__init__',
  fn('__init__', 'self, initial_bytes=None', (_s, init) => {
    if (init !== null) {
      throw pyErr(
        'TypeError',
        'BytesIO(initial_bytes) is not supported in this kernel (there is no bytes type); use BytesIO()'
      );
    }
    return null;
  })
);
const buf = (self: PyValue): Buffer => (self as PyInstance).native as Buffer;
method(BytesIOClass, 'seek', 'pos, whence=0', (self, pos, whence) => {
  const b = buf(self);
  b.check();
  const p = Number(toBigInt(pos));
  const w = Number(toBigInt(whence));
  const base = w === 0 ? 0 : w === 1 ? b.pos : w === 2 ? b.data.length : NaN;
  if (Number.isNaN(base)) {
    throw pyErr('ValueError', `invalid whence (${w}, should be 0, 1 or 2)`);
  }
  if (base + p < 0) {
    throw pyErr('ValueError', `negative seek value ${p}`);
  }
  b.pos = base + p;
  return BigInt(b.pos);
});
method(BytesIOClass, 'tell', '', self => (buf(self).check(), BigInt(buf(self).pos)));
method(BytesIOClass, 'close', '', self => ((buf(self).closed = true), null));
method(BytesIOClass, 'seekable', '', () => true);
method(BytesIOClass, 'readable', '', () => true);
method(BytesIOClass, 'writable', '', () => true);
method(BytesIOClass, '__enter__', '', self => self);
method(
  BytesIOClass,
  '__exit__',
  'a=None, b=None, c=None',
  self => ((buf(self).closed = true), false)
);
property(BytesIOClass, 'closed', s => buf(s).closed);

export function isBytesIO(v: PyValue): v is PyInstance {
  return (
    v instanceof PyInstance && v.klass.isSubclassOf(BytesIOClass) && v.native instanceof Buffer
  );
}

registerModule('io', () =>
  makeModule('io', { BytesIO: BytesIOClass }, 'Core tools for working with streams (BytesIO only).')
);
