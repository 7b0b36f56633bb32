/** Session behaviour: persistence, results, tracebacks, limits, interrupts, warnings, introspection. */
import { Session } from '../../src/lang';
import { warn } from '../../src/engine';
import { registerModule, rawFn, makeModule } from '../../src/lang/native';
import { run, out, error } from './helpers';

function hooks() {
  const h = { out: '', err: '', displays: 0 };
  return { h, hooks: { stdout: (t: string) => void (h.out += t), stderr: (t: string) => void (h.err += t), display: () => void h.displays++ } };
}

describe('cells', () => {
  test('globals persist across cells; final expression is the result', async () => {
    const s = new Session();
    const { h, hooks: hk } = hooks();
    expect((await s.runCell('x = 41\nprint("hi")', hk)).status).toBe('ok');
    const r = await s.runCell('x + 1', hk);
    expect(r.result).toEqual({ 'text/plain': '42' });
    expect(h.out).toBe('hi\n');
    expect((await s.runCell('None', hk)).result).toBeUndefined();
    expect((await s.runCell('y = 3', hk)).result).toBeUndefined();
    expect((await s.runCell("'a' * 2", hk)).result).toEqual({ 'text/plain': "'aa'" });
  });

  test('traceback format with user frames', async () => {
    const s = new Session();
    const r = await s.runCell('def f(x):\n    return 1 / x\n\ny = f(0)\n');
    expect(r.status).toBe('error');
    expect(r.error).toEqual({
      ename: 'ZeroDivisionError',
      evalue: 'division by zero',
      traceback: [
        'Traceback (most recent call last):',
        '  File "<cell>", line 4, in <module>',
        '    y = f(0)',
        '  File "<cell>", line 2, in f',
        '    return 1 / x',
        'ZeroDivisionError: division by zero'
      ]
    });
  });

  test('an error keeps earlier variables and the session usable', async () => {
    const s = new Session();
    await s.runCell('a = 1\nb = undefined_thing\nc = 3');
    expect(out('print(a, "b" in globals(), "c" in globals())', s)).toBe('1 False False\n');
  });

  test('syntax error cell', async () => {
    const r = await new Session().runCell('x = (1,\n');
    expect(r.error!.ename).toBe('SyntaxError');
    expect(r.error!.traceback[r.error!.traceback.length - 1]).toBe("SyntaxError: '(' was never closed");
  });

  test('user exceptions print without module prefix', () => {
    expect(error('class MyErr(Exception): pass\nraise MyErr("boom")')).toBe('MyErr: boom');
    expect(error('raise KeyError("k")')).toBe("KeyError: 'k'");
    expect(error('raise ValueError')).toBe('ValueError');
  });

  test('repeated recursion frames are summarized like CPython', () => {
    const r = run('def g(n):\n    return g(n + 1)\ng(0)');
    expect(r.tb[r.tb.length - 1]).toBe('RecursionError: maximum recursion depth exceeded');
    expect(r.tb.some(l => /\[Previous line repeated \d+ more times\]/.test(l))).toBe(true);
    expect(r.tb.length).toBeLessThan(20);
  });
});

describe('limits', () => {
  test('deep recursion is fine up to the limit and RecursionError beyond', () => {
    expect(out('def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(950))')).toBe('950\n');
    expect(error('def f(n):\n    return f(n + 1)\nf(0)')).toBe('RecursionError: maximum recursion depth exceeded');
  });

  test('recursive __repr__ is stopped', () => {
    expect(error('class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())')).toMatch(/^RecursionError/);
  });

  test('huge ints and huge lists fail fast', () => {
    const t0 = Date.now();
    expect(error('x = 10 ** 10 ** 10')).toMatch(/^MemoryError/);
    expect(error('x = [0] * 10 ** 12')).toMatch(/^MemoryError/);
    expect(error('x = "ab" * 10 ** 10')).toMatch(/^MemoryError/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  test('time limit raises KeyboardInterrupt at the running line', async () => {
    const s = new Session();
    await s.runCell('before = 1');
    const r = await s.runCell('i = 0\nwhile True:\n    i += 1\n', undefined, { timeLimitMs: 300, sliceMs: 10 });
    expect(r.status).toBe('error');
    expect(r.error!.ename).toBe('KeyboardInterrupt');
    expect(r.error!.evalue).toBe('execution time limit of 0.3 s exceeded');
    const tb = r.error!.traceback;
    expect(tb[tb.length - 1]).toBe('KeyboardInterrupt: execution time limit of 0.3 s exceeded');
    expect(tb[1]).toMatch(/line [23], in <module>/);
    expect(out('print(before, i > 0)', s)).toBe('1 True\n');
  });

  test('interrupt via RunControl, also inside a function and a bare except', async () => {
    const s = new Session();
    let stop = false;
    setTimeout(() => (stop = true), 200);
    const code = 'def spin():\n    while True:\n        try:\n            pass\n        except:\n            pass\nspin()\n';
    const r = await s.runCell(code, undefined, { isInterrupted: () => stop, sliceMs: 5 });
    expect(r.error!.ename).toBe('KeyboardInterrupt');
    expect(r.error!.evalue).toBe('');
    expect(r.error!.traceback).toContain('  File "<cell>", line 7, in <module>');
    expect((await s.runCell('1 + 1')).result).toEqual({ 'text/plain': '2' });
  });

  test('time.sleep yields to the event loop', async () => {
    const s = new Session();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await s.runCell('import time\ntime.sleep(0.1)');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  test('a loop of 1e6 simple iterations runs in reasonable time', async () => {
    const t0 = Date.now();
    const r = await new Session().runCell('s = 0\nfor i in range(1000000):\n    s += i\ns');
    expect(r.result).toEqual({ 'text/plain': '499999500000' });
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  test('internal JS errors become SystemError and the session survives', async () => {
    registerModule('_boom_for_test', () => makeModule('_boom_for_test', { boom: rawFn('boom', () => { throw new TypeError('oops'); }) }));
    const s = new Session();
    const r = await s.runCell('import _boom_for_test\n_boom_for_test.boom()');
    expect(r.error!.ename).toBe('SystemError');
    expect(r.error!.evalue).toBe('internal error: oops');
    expect((await s.runCell('2 * 21')).result).toEqual({ 'text/plain': '42' });
  });

  test('natives can await host I/O (yielded Promise)', async () => {
    const { genFn } = await import('../../src/lang/native');
    registerModule('_io_for_test', ctx =>
      makeModule('_io_for_test', {
        read: genFn('read', 'path', function* (p) {
          const bytes = (yield ctx.io.readFile!(p as string)) as Uint8Array;
          return BigInt(bytes.length);
        })
      })
    );
    const s = new Session({ readFile: async p => new Uint8Array(p.length * 2) });
    const r = await s.runCell('import _io_for_test\n_io_for_test.read("abc")');
    expect(r.result).toEqual({ 'text/plain': '6' });
  });
});

describe('warnings', () => {
  test('engine warnings go to stderr once per call site, in Python format', async () => {
    registerModule('_warn_for_test', () => makeModule('_warn_for_test', { w: rawFn('w', () => (warn('careful'), null)) }));
    const s = new Session();
    const { h, hooks: hk } = hooks();
    await s.runCell('import _warn_for_test as t\nfor i in range(3):\n    t.w()\nt.w()', hk);
    expect(h.err).toBe('<cell>:3: UserWarning: careful\n  t.w()\n<cell>:4: UserWarning: careful\n  t.w()\n');
    expect(h.out).toBe('');
  });
});

describe('introspection', () => {
  test('complete names and attributes', () => {
    const s = new Session();
    s.runCellSync('import math\nmy_value = 1');
    expect(s.complete('my_v', 4)).toEqual({ matches: ['my_value'], cursorStart: 0, cursorEnd: 4 });
    const c = s.complete('x = math.sq', 11);
    expect(c.matches).toContain('sqrt');
    expect(c.cursorStart).toBe(9);
    expect(s.complete('pri', 3).matches).toContain('print');
  });

  test('inspect shows signature and docstring', () => {
    const s = new Session();
    s.runCellSync('def f(a, b=2):\n    """Adds things."""\n    return a + b');
    const r = s.inspect('f(1', 1);
    expect(r.found).toBe(true);
    expect(r.data['text/plain']).toContain('f(a, b=2)');
    expect(r.data['text/plain']).toContain('Adds things.');
    expect(s.inspect('nothing_here', 3).found).toBe(false);
  });

  test('help prints the docstring', () => {
    expect(out('def f(x):\n    """Doubles x."""\n    return 2 * x\nhelp(f)')).toContain('Doubles x.');
  });

  test('isComplete', () => {
    const s = new Session();
    expect(s.isComplete('x = 1').status).toBe('complete');
    expect(s.isComplete('x = (1,').status).toBe('incomplete');
    expect(s.isComplete('for i in range(3):')).toEqual({ status: 'incomplete', indent: '    ' });
    expect(s.isComplete('x = )').status).toBe('invalid');
    expect(s.isComplete('"""abc').status).toBe('incomplete');
  });
});

describe('rich results', () => {
  test('_repr_mimebundle_ adds MIME types to the result bundle', async () => {
    const s = new Session();
    const r = await s.runCell("class R:\n    def __repr__(self):\n        return 'R()'\n    def _repr_mimebundle_(self):\n        return {'text/html': '<b>r</b>', 'application/json': {'n': 1}}\nR()");
    expect(r.result).toEqual({ 'text/plain': 'R()', 'text/html': '<b>r</b>', 'application/json': { n: 1 } });
  });
  test('deeply nested brackets are a SyntaxError, not a crash', () => {
    const r = run('x = ' + '('.repeat(300) + '1' + ')'.repeat(300));
    expect(r.ename).toBe('SyntaxError');
    expect(r.evalue).toBe('too many nested parentheses');
  });
});

describe('memory guards', () => {
  test('doubling a list raises MemoryError instead of exhausting the heap', () => {
    expect(error('x = [0]\nwhile True:\n    x = x + x')).toBe('MemoryError');
    expect(error('s = "ab"\nwhile True:\n    s += s')).toBe('MemoryError');
    expect(error('x = [0]\nwhile True:\n    x += x')).toBe('MemoryError');
  });
});

describe('int string conversion limit (CPython 3.11)', () => {
  test('str of an int above 4300 digits raises ValueError quickly', () => {
    expect(out('print(len(str(10 ** 4299)))')).toBe('4300\n');
    expect(error('str(10 ** 5000)')).toBe(
      'ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit'
    );
    expect(error("int('9' * 5000)")).toBe(
      'ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit'
    );
  });
});

describe('eval / exec and builtin argument errors', () => {
  test('eval and exec run in the globals (outputs from CPython 3.11)', () => {
    expect(out('x = 5\nprint(eval("x * 2"), eval("[i for i in range(x)]"))\nexec("y = x + 1\\nprint(y)")\nprint(y)')).toBe('10 [0, 1, 2, 3, 4]\n6\n6\n');
    expect(out('try:\n    eval("1 +")\nexcept SyntaxError as e:\n    print("SyntaxError", e)')).toBe('SyntaxError invalid syntax (<string>, line 1)\n');
  });
  test('METH_O builtins use CPython messages', () => {
    expect(out('for src in ["len(1, 2)", "len()", "repr()", "hex(1, 2)"]:\n    try:\n        eval(src)\n    except TypeError as e:\n        print(e)')).toBe(
      'len() takes exactly one argument (2 given)\nlen() takes exactly one argument (0 given)\nrepr() takes exactly one argument (0 given)\nhex() takes exactly one argument (2 given)\n'
    );
  });
});

describe('"Did you mean" suggestions (CPython 3.11 tracebacks)', () => {
  const last = (code: string): string => {
    const r = run(code);
    return r.tb[r.tb.length - 1];
  };
  test('NameError and AttributeError', () => {
    expect(last('prnt(1)')).toBe("NameError: name 'prnt' is not defined. Did you mean: 'print'?");
    expect(last('length = 3\nprint(lenght)')).toBe("NameError: name 'lenght' is not defined. Did you mean: 'length'?");
    expect(last('def f():\n    total = 1\n    return totl\nf()')).toBe("NameError: name 'totl' is not defined. Did you mean: 'total'?");
    expect(last('x = [1]\nx.apend(2)')).toBe("AttributeError: 'list' object has no attribute 'apend'. Did you mean: 'append'?");
    expect(last('class A:\n    def __init__(self):\n        self.value = 1\nA().valeu')).toBe(
      "AttributeError: 'A' object has no attribute 'valeu'. Did you mean: 'value'?"
    );
    expect(last('xyzzy123')).toBe("NameError: name 'xyzzy123' is not defined");
  });
  test('the exception message itself has no suggestion', () => {
    expect(out('try:\n    prnt\nexcept NameError as e:\n    print(e, e.name)')).toBe("name 'prnt' is not defined prnt\n");
  });
});
