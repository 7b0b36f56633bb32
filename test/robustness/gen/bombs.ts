/**
 * Resource and recursion bombs. Each must end quickly with a Python exception
 * (MemoryError, RuntimeError from the memory cap, RecursionError, OverflowError,
 * ValueError) — or, for the few deliberate endless loops, with the time limit's
 * KeyboardInterrupt. `slow` marks the ones expected to run into the time limit.
 */
export interface Bomb {
  code: string;
  slow?: boolean;
}

export const BOMBS: Bomb[] = [
  { code: '10**10**10' },
  { code: 'x = [0]*10**12' },
  { code: "x = 'a'*10**10" },
  { code: 'torch.zeros(10**6, 10**6)' },
  { code: 'torch.ones(10**5,10**5)' },
  { code: 'torch.zeros(10**9, dtype=torch.bool)' },
  { code: 'torch.arange(10**12)' },
  { code: 'torch.zeros(1).expand(10**12).sum()' },
  { code: 'torch.zeros(1).expand(10**8).softmax(0)' },
  { code: 'torch.ones(3, 3).repeat(10**5, 10**5)' },
  { code: 'torch.randn(10**4, 10**4) @ torch.randn(10**4, 10**4)' },
  { code: 'torch.empty(2**62)' },
  { code: 'torch.zeros(-1)' },
  { code: '(1,)*10**9' },
  { code: 'list(range(10**9))' },
  { code: 'sum(range(10**12))', slow: true },
  { code: 'x = "a"*10**8\nlen(x)' },
  { code: '"a".join(map(str, range(10**12)))', slow: true },
  { code: "f'{1:{10**9}}'" },
  { code: "'%0*d' % (10**9, 1)" },
  { code: 'import math\nmath.factorial(10**6)' },
  { code: 'int("9"*100000)' },
  { code: '2**100000000' },
  { code: 'def f(): return f()\nf()' },
  { code: 'def f(n): return g(n)\ndef g(n): return f(n)\nf(1)' },
  { code: 'f = lambda: f()\nf()' },
  // exponential in CPython too (each level retries after RecursionError): only the time limit ends it
  { code: 'def f():\n    try:\n        return f()\n    except RecursionError:\n        return f()\nf()', slow: true },
  { code: 'class A:\n    def __repr__(self): return repr(self)\nA()' },
  { code: 'class A:\n    def __getattr__(self, n): return self.x\nA().y' },
  { code: 'class A:\n    def __eq__(self, o): return self == o\nA() == A()' },
  { code: 'class A:\n    def __len__(self): return len(self)\nlen(A())' },
  { code: 'a = []\nfor i in range(100000): a = [a]\nprint(a)' },
  { code: 'a = []\nfor i in range(100000): a = [a]\na == a' },
  { code: 'a = []\na.append(a)\nprint(a, a == a)' },
  { code: 'd = {}\nd[1] = d\nd' },
  { code: 'def g():\n    yield from g()\nlist(g())' },
  { code: 'x = [[]] * 10**8' },
  { code: 'while True:\n    pass', slow: true },
  { code: 'while True:\n    try:\n        pass\n    except BaseException:\n        pass', slow: true },
  { code: 'def g():\n    while True: yield 1\nlist(g())', slow: true },
  { code: 'x = 1\nfor i in range(10**12): x += 1', slow: true },
  { code: 'x = [1] * 10**7\nx.sort()\nlen(x)' },
  { code: 'list(enumerate(range(10**12)))', slow: true },
  { code: "x = 'a' * 10**8\nx[::-1] == x" }
];
