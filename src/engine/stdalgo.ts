/**
 * Re-implementation of libstdc++'s std::sort / std::nth_element /
 * std::partial_sort (introsort, introselect, heap select), step for step.
 *
 * Why: PyTorch's CPU topk runs these on (value, index) pairs, so the order of
 * tied values in its output is whatever these exact algorithms produce. We
 * permute an array `e` of element ids; `key[id]` is the value compared.
 */
import { checkDeadline } from './deadline';
export type Less = (x: number, y: number) => boolean;

export class StdAlgo {
  constructor(
    private e: Int32Array,
    private key: ArrayLike<number>,
    private less: Less
  ) {}

  private lt(i: number, j: number): boolean {
    return this.less(this.key[this.e[i]], this.key[this.e[j]]);
  }

  private swap(i: number, j: number): void {
    const t = this.e[i];
    this.e[i] = this.e[j];
    this.e[j] = t;
  }

  sort(first: number, last: number): void {
    if (last - first < 2) return;
    this.introsortLoop(first, last, lg(last - first) * 2);
    this.finalInsertionSort(first, last);
  }

  nthElement(first: number, nth: number, last: number): void {
    if (first === last || nth === last) return;
    let depth = lg(last - first) * 2;
    while (last - first > 3) {
      if (last - first > 65536) checkDeadline();
      if (depth === 0) {
        this.heapSelect(first, nth + 1, last);
        this.swap(first, nth);
        return;
      }
      depth--;
      const cut = this.partitionPivot(first, last);
      if (cut <= nth) first = cut;
      else last = cut;
    }
    this.insertionSort(first, last);
  }

  partialSort(first: number, middle: number, last: number): void {
    this.heapSelect(first, middle, last);
    this.sortHeap(first, middle);
  }

  private introsortLoop(first: number, last: number, depth: number): void {
    while (last - first > 16) {
      if (last - first > 65536) checkDeadline(); // a huge 1-D sort stops at the time limit
      if (depth === 0) {
        this.partialSort(first, last, last);
        return;
      }
      depth--;
      const cut = this.partitionPivot(first, last);
      this.introsortLoop(cut, last, depth);
      last = cut;
    }
  }

  private partitionPivot(first: number, last: number): number {
    const mid = first + Math.floor((last - first) / 2);
    this.medianToFirst(first, first + 1, mid, last - 1);
    return this.unguardedPartition(first + 1, last, first);
  }

  private medianToFirst(result: number, a: number, b: number, c: number): void {
    if (this.lt(a, b)) {
      if (this.lt(b, c)) this.swap(result, b);
      else if (this.lt(a, c)) this.swap(result, c);
      else this.swap(result, a);
    } else if (this.lt(a, c)) this.swap(result, a);
    else if (this.lt(b, c)) this.swap(result, c);
    else this.swap(result, b);
  }

  private unguardedPartition(first: number, last: number, pivot: number): number {
    for (;;) {
      while (this.lt(first, pivot)) first++;
      last--;
      while (this.lt(pivot, last)) last--;
      if (!(first < last)) return first;
      this.swap(first, last);
      first++;
    }
  }

  private finalInsertionSort(first: number, last: number): void {
    if (last - first > 16) {
      this.insertionSort(first, first + 16);
      for (let i = first + 16; i < last; i++) this.linearInsert(i);
    } else this.insertionSort(first, last);
  }

  private insertionSort(first: number, last: number): void {
    if (first === last) return;
    const e = this.e;
    for (let i = first + 1; i < last; i++) {
      if (this.lt(i, first)) {
        const v = e[i];
        e.copyWithin(first + 1, first, i);
        e[first] = v;
      } else this.linearInsert(i);
    }
  }

  private linearInsert(last: number): void {
    const e = this.e;
    const v = e[last];
    const kv = this.key[v];
    let next = last - 1;
    while (this.less(kv, this.key[e[next]])) {
      e[last] = e[next];
      last = next;
      next--;
    }
    e[last] = v;
  }

  private heapSelect(first: number, middle: number, last: number): void {
    this.makeHeap(first, middle);
    for (let i = middle; i < last; i++) if (this.lt(i, first)) this.popHeap(first, middle, i);
  }

  private sortHeap(first: number, last: number): void {
    while (last - first > 1) {
      last--;
      this.popHeap(first, last, last);
    }
  }

  private makeHeap(first: number, last: number): void {
    const len = last - first;
    if (len < 2) return;
    for (let parent = Math.floor((len - 2) / 2); ; parent--) {
      this.adjustHeap(first, parent, len, this.e[first + parent]);
      if (parent === 0) return;
    }
  }

  private popHeap(first: number, last: number, result: number): void {
    const v = this.e[result];
    this.e[result] = this.e[first];
    this.adjustHeap(first, 0, last - first, v);
  }

  private adjustHeap(first: number, hole: number, len: number, value: number): void {
    const e = this.e;
    const top = hole;
    let second = hole;
    while (second < Math.floor((len - 1) / 2)) {
      second = 2 * (second + 1);
      if (this.lt(first + second, first + second - 1)) second--;
      e[first + hole] = e[first + second];
      hole = second;
    }
    if ((len & 1) === 0 && second === Math.floor((len - 2) / 2)) {
      second = 2 * (second + 1);
      e[first + hole] = e[first + second - 1];
      hole = second - 1;
    }
    // push_heap
    let parent = Math.trunc((hole - 1) / 2);
    while (hole > top && this.less(this.key[e[first + parent]], this.key[value])) {
      e[first + hole] = e[first + parent];
      hole = parent;
      parent = Math.trunc((hole - 1) / 2);
    }
    e[first + hole] = value;
  }
}

function lg(n: number): number {
  return 31 - Math.clz32(n);
}
