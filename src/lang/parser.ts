/**
 * Recursive-descent parser for the cell language, producing ast.ts nodes.
 * Follows Python's grammar and precedence; syntax errors carry CPython 3.11's
 * messages and positions for the common cases.
 */
import { Token, tokenize, PySyntaxError, decodeEscapes } from './tokenizer';
import type { Expr, Stmt, Module, Pos, Arguments, Arg, Keyword, Comprehension, FormattedValue, ExceptHandler, Alias } from './ast';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'
]);

const COMPARE_OPS = new Set(['<', '>', '==', '>=', '<=', '!=']);
const AUG_OPS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=']);

export function parse(src: string): Module {
  const toks = tokenize(src, true);
  const unclosed = toks.unclosed;
  try {
    const m = new Parser(toks, src).parseModule();
    if (unclosed) throw unclosed;
    return m;
  } catch (e) {
    // Like CPython: an unclosed bracket wins unless the parser failed earlier on its line.
    if (unclosed && e instanceof PySyntaxError && e !== unclosed && (e.line !== unclosed.line || e.offset === 0 || e.atEnd)) throw unclosed;
    throw e;
  }
}

/** Parse a single expression (used for f-string fields). */
export function parseExpression(src: string, line: number, col: number): Expr {
  const toks = tokenize('(' + src + ')');
  for (const t of toks) {
    if (t.line === 1) {
      t.col += col - 1;
      t.endCol += col - 1;
    }
    t.line += line - 1;
    t.endLine += line - 1;
  }
  const p = new Parser(toks, src);
  const e = p.parseFStringExpr();
  return e;
}

function pos(a: Pos | Token, b: Pos | Token): Pos {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

class Parser {
  private i = 0;
  private funcDepth = 0;
  private loopDepth = 0;

  constructor(
    private toks: Token[],
    private src: string
  ) {}

  // ------------------------------------------------------------ token helpers

  private get t(): Token {
    return this.toks[this.i];
  }
  /** Current token, without TypeScript narrowing across calls. */
  private cur(): Token {
    return this.toks[this.i];
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }
  private get prev(): Token {
    return this.toks[this.i - 1];
  }
  private isOp(v: string): boolean {
    return this.t.type === 'OP' && this.t.value === v;
  }
  private isKw(v: string): boolean {
    return this.t.type === 'NAME' && this.t.value === v;
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private eatOp(v: string): boolean {
    if (this.isOp(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private eatKw(v: string): boolean {
    if (this.isKw(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private err(msg = 'invalid syntax', tok: Token = this.t): PySyntaxError {
    if (tok.type === 'INDENT' && msg === 'invalid syntax') {
      return new PySyntaxError('unexpected indent', tok.line, tok.endCol, -1, 'IndentationError', true);
    }
    if (tok.type === 'DEDENT' && msg === 'invalid syntax') {
      return new PySyntaxError('invalid syntax', tok.line, tok.col + 1);
    }
    if (tok.type === 'EOF' || tok.type === 'NEWLINE') {
      const e = new PySyntaxError(msg, tok.line, tok.col + 1, tok.col + 1);
      e.atEnd = true;
      return e;
    }
    return new PySyntaxError(msg, tok.line, tok.col + 1, tok.endCol + 1, 'SyntaxError', true, tok.endLine);
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) {
      if (v === ':') throw this.expectedColon();
      throw this.err();
    }
    return this.next();
  }
  private expectedColon(): PySyntaxError {
    const p = this.prev;
    if (this.t.type === 'NEWLINE' || this.t.type === 'EOF') {
      return new PySyntaxError("expected ':'", p.endLine, p.endCol + 1);
    }
    return this.err();
  }
  private expectName(): Token {
    if (this.t.type !== 'NAME' || KEYWORDS.has(this.t.value)) throw this.err();
    return this.next();
  }

  // ------------------------------------------------------------ statements

  parseModule(): Module {
    const body: Stmt[] = [];
    while (this.t.type !== 'EOF') {
      if (this.t.type === 'NEWLINE') {
        this.i++;
        continue;
      }
      if (this.t.type === 'INDENT') throw this.err();
      body.push(...this.statement());
    }
    return { body };
  }

  parseFStringExpr(): Expr {
    this.expectOp('(');
    const e = this.starExpressions();
    this.expectOp(')');
    return e;
  }

  private statement(): Stmt[] {
    const t = this.t;
    if (t.type === 'NAME') {
      switch (t.value) {
        case 'def':
          return [this.funcDef([])];
        case 'class':
          return [this.classDef([])];
        case 'if':
          return [this.ifStmt()];
        case 'while':
          return [this.whileStmt()];
        case 'for':
          return [this.forStmt()];
        case 'try':
          return [this.tryStmt()];
        case 'with':
          return [this.withStmt()];
      }
    }
    if (this.isOp('@')) return [this.decorated()];
    if (t.type === 'INDENT') throw this.err();
    return this.simpleStmts();
  }

  private block(what: string, headerLine: number): Stmt[] {
    if (this.t.type !== 'NEWLINE') {
      // single-line body: `if x: pass`
      return this.simpleStmts();
    }
    this.i++;
    if (this.cur().type !== 'INDENT') {
      const t = this.t;
      throw new PySyntaxError(
        `expected an indented block after ${what} on line ${headerLine}`,
        t.line,
        t.col + 1,
        t.endCol + 1,
        'IndentationError'
      );
    }
    this.i++;
    const body: Stmt[] = [];
    while (this.cur().type !== 'DEDENT' && this.cur().type !== 'EOF') {
      if (this.t.type === 'NEWLINE') {
        this.i++;
        continue;
      }
      body.push(...this.statement());
    }
    this.eatDedent();
    return body;
  }

  private eatDedent(): void {
    if (this.t.type === 'DEDENT') this.i++;
  }

  private simpleStmts(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      out.push(this.simpleStmt());
      if (this.eatOp(';')) {
        if (this.t.type === 'NEWLINE') break;
        continue;
      }
      break;
    }
    if (this.t.type !== 'NEWLINE' && this.t.type !== 'EOF') {
      const last = out[out.length - 1];
      if (last.k === 'Expr' && last.value.k === 'Name' && last.value.id === 'print' && (this.t.type === 'STRING' || this.t.type === 'NAME' || this.t.type === 'NUMBER')) {
        const lineText = this.src.split('\n')[last.line - 1] ?? '';
        throw new PySyntaxError(
          "Missing parentheses in call to 'print'. Did you mean print(...)?", last.line, last.col + 1, lineText.trimEnd().length + 1
        );
      }
      throw this.err();
    }
    if (this.t.type === 'NEWLINE') this.i++;
    return out;
  }

  private simpleStmt(): Stmt {
    const t = this.t;
    if (t.type === 'NAME') {
      switch (t.value) {
        case 'pass':
          this.i++;
          return { k: 'Pass', ...pos(t, t) };
        case 'break':
          this.i++;
          if (this.loopDepth === 0) throw new PySyntaxError("'break' outside loop", t.line, t.col + 1, t.endCol + 1, 'SyntaxError', false);
          return { k: 'Break', ...pos(t, t) };
        case 'continue':
          this.i++;
          if (this.loopDepth === 0) {
            throw new PySyntaxError("'continue' not properly in loop", t.line, t.col + 1, t.endCol + 1, 'SyntaxError', false);
          }
          return { k: 'Continue', ...pos(t, t) };
        case 'return': {
          this.i++;
          if (this.funcDepth === 0) throw new PySyntaxError("'return' outside function", t.line, t.col + 1, t.endCol + 1, 'SyntaxError', false);
          const value = this.atStmtEnd() ? null : this.starExpressions();
          return { k: 'Return', value, ...pos(t, value ?? t) };
        }
        case 'raise': {
          this.i++;
          if (this.atStmtEnd()) return { k: 'Raise', exc: null, cause: null, ...pos(t, t) };
          const exc = this.expression();
          let cause: Expr | null = null;
          if (this.eatKw('from')) cause = this.expression();
          return { k: 'Raise', exc, cause, ...pos(t, cause ?? exc) };
        }
        case 'global':
        case 'nonlocal': {
          this.i++;
          if (t.value === 'nonlocal' && this.funcDepth === 0) {
            throw new PySyntaxError('nonlocal declaration not allowed at module level', t.line, t.col + 1, t.endCol + 1, 'SyntaxError', false);
          }
          const names = [this.expectName().value];
          while (this.eatOp(',')) names.push(this.expectName().value);
          return { k: t.value === 'global' ? 'Global' : 'Nonlocal', names, ...pos(t, this.prev) };
        }
        case 'del': {
          this.i++;
          const targets: Expr[] = [];
          do {
            if (this.atStmtEnd()) break;
            const e = this.bitor();
            this.checkTarget(e, 'delete');
            targets.push(e);
          } while (this.eatOp(','));
          if (!targets.length) throw this.err();
          return { k: 'Delete', targets, ...pos(t, this.prev) };
        }
        case 'assert': {
          this.i++;
          const test = this.expression();
          const msg = this.eatOp(',') ? this.expression() : null;
          return { k: 'Assert', test, msg, ...pos(t, msg ?? test) };
        }
        case 'import':
          return this.importStmt();
        case 'from':
          return this.fromImport();
      }
    }
    // expression / assignment
    const first = this.starExpressions(true);
    if (this.isOp('=')) {
      const targets: Expr[] = [first];
      let value: Expr = first;
      while (this.eatOp('=')) {
        if (this.atStmtEnd()) throw this.err();
        value = this.isKw('yield') ? this.yieldExpr() : this.starExpressions(true);
        targets.push(value);
      }
      targets.pop();
      for (const tg of targets) this.checkTarget(tg, 'assign');
      return { k: 'Assign', targets, value, ...pos(first, value) };
    }
    if (this.t.type === 'OP' && AUG_OPS.has(this.t.value)) {
      if (first.k !== 'Name' && first.k !== 'Attribute' && first.k !== 'Subscript') {
        const what = first.k === 'Tuple' ? 'tuple' : first.k === 'List' ? 'list' : 'expression';
        throw new PySyntaxError(`'${what}' is an illegal expression for augmented assignment`, first.line, first.col + 1, first.endCol + 1);
      }
      const op = this.next().value.slice(0, -1);
      const value = this.isKw('yield') ? this.yieldExpr() : this.starExpressions();
      return { k: 'AugAssign', target: first, op, value, ...pos(first, value) };
    }
    if (this.isOp(':') && (first.k === 'Name' || first.k === 'Attribute' || first.k === 'Subscript')) {
      this.i++;
      this.expression(); // annotation, ignored
      let value: Expr | null = null;
      if (this.eatOp('=')) value = this.starExpressions();
      return { k: 'AnnAssign', target: first, value, ...pos(first, value ?? this.prev) };
    }
    if (first.k === 'Starred') {
      throw new PySyntaxError("can't use starred expression here", first.line, first.col + 1, first.endCol + 1, 'SyntaxError', false);
    }
    return { k: 'Expr', value: first, ...pos(first, first) };
  }

  private atStmtEnd(): boolean {
    return this.t.type === 'NEWLINE' || this.t.type === 'EOF' || this.isOp(';');
  }

  private checkTarget(e: Expr, what: 'assign' | 'delete'): void {
    switch (e.k) {
      case 'Name':
      case 'Attribute':
      case 'Subscript':
        return;
      case 'Starred':
        if (what === 'assign') {
          this.checkTarget(e.value, what);
          return;
        }
        break;
      case 'Tuple':
      case 'List':
        for (const x of e.elts) this.checkTarget(x, what);
        return;
    }
    const kind =
      e.k === 'Const' ? (e.value === null || typeof e.value === 'boolean' ? String(e.value === null ? 'None' : e.value ? 'True' : 'False') : 'literal')
        : e.k === 'Call' ? 'function call'
        : e.k === 'BinOp' || e.k === 'UnaryOp' ? 'expression'
        : e.k === 'Compare' ? 'comparison'
        : e.k === 'Lambda' ? 'lambda'
        : e.k === 'IfExp' ? 'conditional expression'
        : e.k === 'BoolOp' ? 'expression'
        : e.k === 'FString' ? 'f-string expression'
        : e.k === 'ListComp' ? 'list comprehension'
        : e.k === 'Dict' ? 'dict literal'
        : e.k === 'Set' ? 'set display'
        : 'expression';
    if (what === 'delete') throw new PySyntaxError(`cannot delete ${kind}`, e.line, e.col + 1, e.endCol + 1);
    const hint = kind === 'literal' || kind === 'function call' || kind === 'expression' || kind === 'comparison' ? " here. Maybe you meant '==' instead of '='?" : '';
    throw new PySyntaxError(`cannot assign to ${kind}${hint}`, e.line, e.col + 1, e.endCol + 1);
  }

  private dottedName(): string {
    let name = this.expectName().value;
    while (this.eatOp('.')) name += '.' + this.expectName().value;
    return name;
  }

  private importStmt(): Stmt {
    const t = this.next();
    const names: Alias[] = [];
    do {
      const name = this.dottedName();
      const asname = this.eatKw('as') ? this.expectName().value : null;
      names.push({ name, asname });
    } while (this.eatOp(','));
    return { k: 'Import', names, ...pos(t, this.prev) };
  }

  private fromImport(): Stmt {
    const t = this.next();
    let level = 0;
    while (this.isOp('.') || this.isOp('...')) level += this.next().value.length;
    const module = this.t.type === 'NAME' && !this.isKw('import') ? this.dottedName() : '';
    if (!this.eatKw('import')) throw this.err();
    const names: Alias[] = [];
    if (this.eatOp('*')) {
      names.push({ name: '*', asname: null });
    } else {
      const paren = this.eatOp('(');
      do {
        if (paren && this.isOp(')')) break;
        const name = this.expectName().value;
        const asname = this.eatKw('as') ? this.expectName().value : null;
        names.push({ name, asname });
      } while (this.eatOp(','));
      if (paren) this.expectOp(')');
    }
    return { k: 'ImportFrom', module, names, level, ...pos(t, this.prev) };
  }

  private decorated(): Stmt {
    const decorators: Expr[] = [];
    while (this.eatOp('@')) {
      decorators.push(this.namedExpr());
      if (this.t.type !== 'NEWLINE') throw this.err();
      this.i++;
    }
    if (this.isKw('def')) return this.funcDef(decorators);
    if (this.isKw('class')) return this.classDef(decorators);
    throw this.err();
  }

  private docOf(body: Stmt[]): string | null {
    const f = body[0];
    if (f && f.k === 'Expr' && f.value.k === 'Const' && typeof f.value.value === 'string') return f.value.value;
    return null;
  }

  private funcDef(decorators: Expr[]): Stmt {
    const t = this.next();
    const name = this.expectName().value;
    this.expectOp('(');
    const args = this.params(')');
    this.expectOp(')');
    if (this.eatOp('->')) this.expression();
    this.expectOp(':');
    const savedLoop = this.loopDepth;
    this.loopDepth = 0;
    this.funcDepth++;
    const body = this.block('function definition', t.line);
    this.funcDepth--;
    this.loopDepth = savedLoop;
    return { k: 'FunctionDef', name, args, body, decorators, doc: this.docOf(body), ...pos(t, this.prev) };
  }

  /** Parameter list of def (close=')') or lambda (close=':'). */
  private params(close: string): Arguments {
    const a: Arguments = { posonly: 0, args: [], vararg: null, kwonly: [], kwarg: null };
    let star = false;
    let sawDefault = false;
    while (!this.isOp(close)) {
      if (this.eatOp('/')) {
        a.posonly = a.args.length;
      } else if (this.eatOp('**')) {
        a.kwarg = this.expectName().value;
        if (close === ')' && this.eatOp(':')) this.expression();
      } else if (this.eatOp('*')) {
        star = true;
        if (this.t.type === 'NAME') {
          a.vararg = this.expectName().value;
          if (close === ')' && this.eatOp(':')) this.expression();
        }
      } else {
        const nt = this.expectName();
        if (close === ')' && this.eatOp(':')) this.expression();
        let def: Expr | null = null;
        if (this.eatOp('=')) {
          def = this.expression();
          sawDefault = true;
        } else if (sawDefault && !star) {
          throw new PySyntaxError('non-default argument follows default argument', nt.line, nt.col + 1, nt.endCol + 1);
        }
        const arg: Arg = { name: nt.value, default: def };
        if (star) a.kwonly.push(arg);
        else a.args.push(arg);
      }
      if (!this.eatOp(',')) break;
    }
    const names = [...a.args, ...a.kwonly].map(x => x.name);
    if (a.vararg) names.push(a.vararg);
    if (a.kwarg) names.push(a.kwarg);
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) {
        throw new PySyntaxError(`duplicate argument '${n}' in function definition`, this.t.line, this.t.col + 1, 0, 'SyntaxError', false);
      }
      seen.add(n);
    }
    return a;
  }

  private classDef(decorators: Expr[]): Stmt {
    const t = this.next();
    const name = this.expectName().value;
    let bases: Expr[] = [];
    let keywords: Keyword[] = [];
    if (this.eatOp('(')) {
      [bases, keywords] = this.callArgs();
      this.expectOp(')');
    }
    this.expectOp(':');
    const savedLoop = this.loopDepth;
    const savedFunc = this.funcDepth;
    this.loopDepth = 0;
    this.funcDepth = 0;
    const body = this.block('class definition', t.line);
    this.loopDepth = savedLoop;
    this.funcDepth = savedFunc;
    return { k: 'ClassDef', name, bases, keywords, body, decorators, doc: this.docOf(body), ...pos(t, this.prev) };
  }

  private ifStmt(): Stmt {
    const t = this.next();
    const test = this.namedExpr();
    this.expectOp(':');
    const body = this.block(`'${t.value}' statement`, t.line);
    let orelse: Stmt[] = [];
    if (this.isKw('elif')) orelse = [this.ifStmt()];
    else if (this.isKw('else')) {
      const e = this.next();
      this.expectOp(':');
      orelse = this.block("'else' statement", e.line);
    }
    return { k: 'If', test, body, orelse, ...pos(t, this.prev) };
  }

  private whileStmt(): Stmt {
    const t = this.next();
    const test = this.namedExpr();
    this.expectOp(':');
    this.loopDepth++;
    const body = this.block("'while' statement", t.line);
    this.loopDepth--;
    let orelse: Stmt[] = [];
    if (this.isKw('else')) {
      const e = this.next();
      this.expectOp(':');
      orelse = this.block("'else' statement", e.line);
    }
    return { k: 'While', test, body, orelse, ...pos(t, this.prev) };
  }

  private forStmt(): Stmt {
    const t = this.next();
    const target = this.targetList();
    if (!this.eatKw('in')) throw this.err();
    const iter = this.starExpressions();
    this.expectOp(':');
    this.loopDepth++;
    const body = this.block("'for' statement", t.line);
    this.loopDepth--;
    let orelse: Stmt[] = [];
    if (this.isKw('else')) {
      const e = this.next();
      this.expectOp(':');
      orelse = this.block("'else' statement", e.line);
    }
    return { k: 'For', target, iter, body, orelse, ...pos(t, this.prev) };
  }

  /** for-loop / comprehension targets: star_targets up to 'in'. */
  private targetList(): Expr {
    const start = this.t;
    const elts: Expr[] = [];
    let trailing = false;
    do {
      if (this.isKw('in')) {
        trailing = true;
        break;
      }
      const e = this.isOp('*') ? this.starred() : this.bitor();
      this.checkTarget(e, 'assign');
      elts.push(e);
    } while (this.eatOp(','));
    if (elts.length === 1 && !trailing && this.prev.value !== ',') return elts[0];
    return { k: 'Tuple', elts, ...pos(start, this.prev) };
  }

  private tryStmt(): Stmt {
    const t = this.next();
    this.expectOp(':');
    const body = this.block("'try' statement", t.line);
    const handlers: ExceptHandler[] = [];
    let orelse: Stmt[] = [];
    let finalbody: Stmt[] = [];
    while (this.isKw('except')) {
      const et = this.next();
      let type: Expr | null = null;
      let name: string | null = null;
      if (!this.isOp(':')) {
        type = this.expression();
        if (this.isOp(',')) {
          const elts = [type];
          while (this.eatOp(',')) elts.push(this.expression());
          type = { k: 'Tuple', elts, ...pos(elts[0], elts[elts.length - 1]) };
        }
        if (this.eatKw('as')) name = this.expectName().value;
      }
      this.expectOp(':');
      const hbody = this.block("'except' statement", et.line);
      handlers.push({ type, name, body: hbody, ...pos(et, this.prev) });
    }
    if (this.isKw('else') && handlers.length) {
      const e = this.next();
      this.expectOp(':');
      orelse = this.block("'else' statement", e.line);
    }
    if (this.isKw('finally')) {
      const f = this.next();
      this.expectOp(':');
      finalbody = this.block("'finally' statement", f.line);
    }
    if (!handlers.length && !finalbody.length) {
      let j = this.i - 1;
      while (j > 0 && (this.toks[j].type === 'NEWLINE' || this.toks[j].type === 'DEDENT' || this.toks[j].type === 'INDENT')) j--;
      const p = this.toks[j];
      throw new PySyntaxError("expected 'except' or 'finally' block", p.endLine, p.endCol + 1, -1);
    }
    return { k: 'Try', body, handlers, orelse, finalbody, ...pos(t, this.prev) };
  }

  private withStmt(): Stmt {
    const t = this.next();
    const items: { expr: Expr; target: Expr | null }[] = [];
    const paren = this.isOp('(') && this.parenWithItems();
    if (paren) this.i++;
    do {
      if (paren && this.isOp(')')) break;
      const expr = this.expression();
      let target: Expr | null = null;
      if (this.eatKw('as')) {
        target = this.isOp('(') || this.isOp('[') ? this.atomTrailers() : this.bitor();
        this.checkTarget(target, 'assign');
      }
      items.push({ expr, target });
    } while (this.eatOp(','));
    if (paren) this.expectOp(')');
    this.expectOp(':');
    const body = this.block("'with' statement", t.line);
    return { k: 'With', items, body, ...pos(t, this.prev) };
  }

  /** `with (a as b, c as d):` — a parenthesized item list, not a tuple expression. */
  private parenWithItems(): boolean {
    let depth = 0;
    for (let j = this.i; j < this.toks.length; j++) {
      const x = this.toks[j];
      if (x.type === 'OP' && '([{'.includes(x.value)) depth++;
      else if (x.type === 'OP' && ')]}'.includes(x.value)) {
        depth--;
        if (depth === 0) return this.toks[j + 1]?.type === 'OP' && this.toks[j + 1].value === ':' && this.hasAsInside(this.i, j);
      }
    }
    return false;
  }
  private hasAsInside(a: number, b: number): boolean {
    for (let j = a; j < b; j++) if (this.toks[j].type === 'NAME' && this.toks[j].value === 'as') return true;
    return false;
  }

  // ------------------------------------------------------------ expressions

  /** star_expressions: `a, *b` → Tuple; single → the expression. */
  private starExpressions(allowYield = false): Expr {
    if (allowYield && this.isKw('yield')) return this.yieldExpr();
    const start = this.t;
    const first = this.isOp('*') ? this.starred() : this.namedExprOrExpr();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.atExprEnd()) break;
      elts.push(this.isOp('*') ? this.starred() : this.namedExprOrExpr());
    }
    return { k: 'Tuple', elts, ...pos(start, this.prev) };
  }

  private namedExprOrExpr(): Expr {
    return this.expression();
  }

  private atExprEnd(): boolean {
    const t = this.t;
    if (t.type === 'NEWLINE' || t.type === 'EOF') return true;
    return t.type === 'OP' && (t.value === ')' || t.value === ']' || t.value === '}' || t.value === '=' || t.value === ';' || t.value === ':' || AUG_OPS.has(t.value));
  }

  private yieldExpr(): Expr {
    const t = this.next();
    const value = this.atExprEnd() ? null : this.starExpressions();
    return { k: 'Yield', value, ...pos(t, value ?? t) };
  }

  private starred(): Expr {
    const t = this.expectOp('*');
    const value = this.bitor();
    return { k: 'Starred', value, ...pos(t, value) };
  }

  private namedExpr(): Expr {
    if (this.t.type === 'NAME' && this.peek().type === 'OP' && this.peek().value === ':=') {
      const n = this.next();
      this.i++;
      const value = this.expression();
      return { k: 'NamedExpr', target: { k: 'Name', id: n.value, ...pos(n, n) }, value, ...pos(n, value) };
    }
    return this.expression();
  }

  expression(): Expr {
    if (this.isKw('lambda')) return this.lambda();
    const body = this.disjunction();
    if (this.isKw('if')) {
      this.i++;
      const test = this.disjunction();
      if (!this.eatKw('else')) {
        throw new PySyntaxError("expected 'else' after 'if' expression", body.line, body.col + 1, test.endCol + 1);
      }
      const orelse = this.expression();
      return { k: 'IfExp', test, body, orelse, ...pos(body, orelse) };
    }
    return body;
  }

  private lambda(): Expr {
    const t = this.next();
    const args = this.params(':');
    this.expectOp(':');
    this.funcDepth++;
    const body = this.expression();
    this.funcDepth--;
    return { k: 'Lambda', args, body, ...pos(t, body) };
  }

  private disjunction(): Expr {
    const first = this.conjunction();
    if (!this.isKw('or')) return first;
    const values = [first];
    while (this.eatKw('or')) values.push(this.conjunction());
    return { k: 'BoolOp', op: 'or', values, ...pos(first, values[values.length - 1]) };
  }

  private conjunction(): Expr {
    const first = this.inversion();
    if (!this.isKw('and')) return first;
    const values = [first];
    while (this.eatKw('and')) values.push(this.inversion());
    return { k: 'BoolOp', op: 'and', values, ...pos(first, values[values.length - 1]) };
  }

  private inversion(): Expr {
    if (this.isKw('not')) {
      const t = this.next();
      const operand = this.inversion();
      return { k: 'UnaryOp', op: 'not', operand, ...pos(t, operand) };
    }
    return this.comparison();
  }

  private compOp(): string | null {
    const t = this.t;
    if (t.type === 'OP' && COMPARE_OPS.has(t.value)) {
      this.i++;
      return t.value;
    }
    if (this.isKw('in')) {
      this.i++;
      return 'in';
    }
    if (this.isKw('not') && this.peek().type === 'NAME' && this.peek().value === 'in') {
      this.i += 2;
      return 'not in';
    }
    if (this.isKw('is')) {
      this.i++;
      if (this.eatKw('not')) return 'is not';
      return 'is';
    }
    return null;
  }

  private comparison(): Expr {
    const left = this.bitor();
    let op = this.compOp();
    if (op === null) return left;
    const ops: string[] = [];
    const comparators: Expr[] = [];
    for (; op !== null; op = this.compOp()) {
      ops.push(op);
      comparators.push(this.bitor());
    }
    return { k: 'Compare', left, ops, comparators, ...pos(left, comparators[comparators.length - 1]) };
  }

  /** Binary operator levels, loosest first (`|` … `*`); below the last comes factor(). */
  private static readonly BIN_LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];

  /** One left-associative binary level (no closure per call: this runs for every operand). */
  private binLevel(level: number): Expr {
    const last = level + 1 === Parser.BIN_LEVELS.length;
    let left = last ? this.factor() : this.binLevel(level + 1);
    const ops = Parser.BIN_LEVELS[level];
    while (this.t.type === 'OP' && ops.includes(this.t.value)) {
      const op = this.next().value;
      if (this.cur().type === 'NEWLINE' || this.cur().type === 'EOF') throw this.err();
      const right = last ? this.factor() : this.binLevel(level + 1);
      left = { k: 'BinOp', op, left, right, line: left.line, col: left.col, endLine: right.endLine, endCol: right.endCol };
    }
    return left;
  }

  private bitor(): Expr {
    return this.binLevel(0);
  }

  private factor(): Expr {
    const t = this.t;
    if (t.type === 'OP' && (t.value === '-' || t.value === '+' || t.value === '~')) {
      this.i++;
      const operand = this.factor();
      // fold negative numeric literals (so -5 is a constant, as CPython's optimizer does)
      if (t.value === '-' && operand.k === 'Const' && (typeof operand.value === 'bigint' || typeof operand.value === 'number') && !(operand as { parens?: boolean }).parens) {
        return { k: 'Const', value: -operand.value as bigint | number, ...pos(t, operand) };
      }
      return { k: 'UnaryOp', op: t.value as '-' | '+' | '~', operand, ...pos(t, operand) };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.atomTrailers();
    if (this.isOp('**')) {
      this.i++;
      const exp = this.factor();
      return { k: 'BinOp', op: '**', left: base, right: exp, ...pos(base, exp) };
    }
    return base;
  }

  private atomTrailers(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        if (this.t.type !== 'NAME') throw this.err('invalid syntax', this.t);
        const n = this.next();
        e = { k: 'Attribute', value: e, attr: n.value, ...pos(e, n) };
      } else if (this.isOp('(')) {
        this.i++;
        const [args, keywords] = this.callArgs();
        const close = this.expectOp(')');
        e = { k: 'Call', func: e, args, keywords, ...pos(e, close) };
      } else if (this.isOp('[')) {
        this.i++;
        const index = this.slices();
        const close = this.expectOp(']');
        e = { k: 'Subscript', value: e, index, ...pos(e, close) };
      } else return e;
    }
  }

  private callArgs(): [Expr[], Keyword[]] {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(')')) {
      const t = this.t;
      if (this.eatOp('*')) {
        const value = this.expression();
        args.push({ k: 'Starred', value, ...pos(t, value) });
      } else if (this.eatOp('**')) {
        keywords.push({ name: null, value: this.expression() });
      } else if (t.type === 'NAME' && this.peek().type === 'OP' && this.peek().value === '=' ) {
        this.i += 2;
        keywords.push({ name: t.value, value: this.expression() });
      } else {
        const e = this.namedExpr();
        if (this.isKw('for')) {
          const gen = this.comprehension('GeneratorExp', e, t);
          if (args.length || keywords.length || this.isOp(',')) {
            if (this.isOp(',') && this.peek().type === 'OP' && this.peek().value === ')' && !args.length && !keywords.length) {
              // f(x for x in y,) is allowed
            } else {
              throw new PySyntaxError('Generator expression must be parenthesized', gen.line, gen.col + 1, gen.endCol + 1);
            }
          }
          args.push(gen);
        } else {
          if (keywords.length && keywords.some(k => k.name !== null)) {
            throw new PySyntaxError('positional argument follows keyword argument', e.endLine, e.endCol + 1, e.endCol + 2);
          }
          if (keywords.length) {
            throw new PySyntaxError('positional argument follows keyword argument unpacking', e.line, e.col + 1, e.endCol + 1);
          }
          args.push(e);
        }
      }
      if (!this.eatOp(',')) break;
    }
    return [args, keywords];
  }

  private slices(): Expr {
    const start = this.t;
    const first = this.sliceItem();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp(']')) break;
      elts.push(this.sliceItem());
    }
    return { k: 'Tuple', elts, ...pos(start, this.prev) };
  }

  private sliceItem(): Expr {
    const start = this.t;
    if (this.isOp('*')) return this.starred();
    let lower: Expr | null = null;
    if (!this.isOp(':')) {
      lower = this.namedExpr();
      if (!this.isOp(':')) return lower;
    }
    this.expectOp(':');
    let upper: Expr | null = null;
    let step: Expr | null = null;
    if (!this.isOp(':') && !this.isOp(',') && !this.isOp(']')) upper = this.expression();
    if (this.eatOp(':')) {
      if (!this.isOp(',') && !this.isOp(']')) step = this.expression();
    }
    return { k: 'Slice', lower, upper, step, ...pos(start, this.prev) };
  }

  private comprehension(kind: 'ListComp' | 'SetComp' | 'GeneratorExp', elt: Expr, start: Token | Pos): Expr {
    const generators = this.compFor();
    return { k: kind, elt, generators, ...pos(start, this.prev) };
  }

  private compFor(): Comprehension[] {
    const gens: Comprehension[] = [];
    while (this.isKw('for') || (this.isKw('async') && false)) {
      this.i++;
      const target = this.targetList();
      if (!this.eatKw('in')) throw this.err();
      const iter = this.disjunction();
      const ifs: Expr[] = [];
      while (this.isKw('if')) {
        this.i++;
        ifs.push(this.disjunction());
      }
      gens.push({ target, iter, ifs });
    }
    return gens;
  }

  private atom(): Expr {
    const t = this.t;
    switch (t.type) {
      case 'NUMBER':
        this.i++;
        // positions written out: the hottest node kinds skip pos()'s temporary object
        return { k: 'Const', value: t.num!, line: t.line, col: t.col, endLine: t.endLine, endCol: t.endCol };
      case 'STRING':
        return this.strings();
      case 'NAME':
        if (t.value === 'None' || t.value === 'True' || t.value === 'False') {
          this.i++;
          return { k: 'Const', value: t.value === 'None' ? null : t.value === 'True', ...pos(t, t) };
        }
        if (KEYWORDS.has(t.value)) throw this.err();
        this.i++;
        return { k: 'Name', id: t.value, line: t.line, col: t.col, endLine: t.endLine, endCol: t.endCol };
      case 'OP':
        switch (t.value) {
          case '(':
            return this.parenAtom();
          case '[':
            return this.listAtom();
          case '{':
            return this.dictOrSetAtom();
          case '...':
            this.i++;
            return { k: 'Const', value: 'ellipsis', isEllipsis: true, ...pos(t, t) };
        }
    }
    throw this.err();
  }

  private parenAtom(): Expr {
    const open = this.next();
    if (this.isOp(')')) {
      const close = this.next();
      return { k: 'Tuple', elts: [], parens: true, ...pos(open, close) };
    }
    if (this.isKw('yield')) {
      const y = this.yieldExpr();
      this.expectOp(')');
      return y;
    }
    const first = this.isOp('*') ? this.starred() : this.namedExpr();
    if (this.isKw('for')) {
      const gen = this.comprehension('GeneratorExp', first, open);
      const close = this.expectOp(')');
      return { ...gen, ...pos(open, close) };
    }
    if (this.isOp(')')) {
      this.i++;
      if (first.k === 'Starred') throw new PySyntaxError("cannot use starred expression here", first.line, first.col + 1, first.endCol + 1);
      (first as { parens?: boolean }).parens = true;
      return first;
    }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp(')')) break;
      elts.push(this.isOp('*') ? this.starred() : this.namedExpr());
    }
    const close = this.expectOp(')');
    return { k: 'Tuple', elts, parens: true, ...pos(open, close) };
  }

  private listAtom(): Expr {
    const open = this.next();
    const elts: Expr[] = [];
    if (!this.isOp(']')) {
      const first = this.isOp('*') ? this.starred() : this.namedExpr();
      if (this.isKw('for')) {
        const comp = this.comprehension('ListComp', first, open);
        const close = this.expectOp(']');
        return { ...comp, ...pos(open, close) };
      }
      elts.push(first);
      while (this.eatOp(',')) {
        if (this.isOp(']')) break;
        elts.push(this.isOp('*') ? this.starred() : this.namedExpr());
      }
    }
    const close = this.expectOp(']');
    return { k: 'List', elts, ...pos(open, close) };
  }

  private dictOrSetAtom(): Expr {
    const open = this.next();
    if (this.isOp('}')) {
      const close = this.next();
      return { k: 'Dict', keys: [], values: [], ...pos(open, close) };
    }
    // first item decides dict vs set
    if (this.eatOp('**')) {
      const v = this.bitor();
      return this.dictRest(open, [null], [v]);
    }
    const first = this.isOp('*') ? this.starred() : this.namedExpr();
    if (this.eatOp(':')) {
      const v = this.expression();
      if (this.isKw('for')) {
        const generators = this.compFor();
        const close = this.expectOp('}');
        return { k: 'DictComp', key: first, value: v, generators, ...pos(open, close) };
      }
      return this.dictRest(open, [first], [v]);
    }
    if (this.isKw('for')) {
      const comp = this.comprehension('SetComp', first, open);
      const close = this.expectOp('}');
      return { ...comp, ...pos(open, close) };
    }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp('}')) break;
      elts.push(this.isOp('*') ? this.starred() : this.namedExpr());
    }
    const close = this.expectOp('}');
    return { k: 'Set', elts, ...pos(open, close) };
  }

  private dictRest(open: Token, keys: (Expr | null)[], values: Expr[]): Expr {
    while (this.eatOp(',')) {
      if (this.isOp('}')) break;
      if (this.eatOp('**')) {
        keys.push(null);
        values.push(this.bitor());
        continue;
      }
      keys.push(this.expression());
      this.expectOp(':');
      values.push(this.expression());
    }
    const close = this.expectOp('}');
    return { k: 'Dict', keys, values, ...pos(open, close) };
  }

  // ------------------------------------------------------------ strings and f-strings

  private strings(): Expr {
    const first = this.t;
    const parts: (string | FormattedValue)[] = [];
    let isF = false;
    let last = first;
    while (this.t.type === 'STRING') {
      const t = this.next();
      last = t;
      const s = t.str!;
      if (s.prefix.includes('f')) {
        isF = true;
        parts.push(...this.fstringParts(s.raw, s.prefix.includes('r'), s.bodyLine, s.bodyCol, t));
      } else parts.push(s.value);
    }
    if (!isF) return { k: 'Const', value: parts.join(''), ...pos(first, last) };
    // merge adjacent literal parts
    const merged: (string | FormattedValue)[] = [];
    for (const p of parts) {
      if (typeof p === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else merged.push(p);
    }
    return { k: 'FString', parts: merged, ...pos(first, last) };
  }

  private fstringParts(raw: string, isRaw: boolean, line: number, col: number, tok: Token, depth = 0): (string | FormattedValue)[] {
    const parts: (string | FormattedValue)[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit) parts.push(isRaw ? lit : decodeEscapes(lit));
      lit = '';
    };
    const fail = (msg: string): PySyntaxError => new PySyntaxError(`f-string: ${msg}`, tok.line, tok.endCol + 1);
    let i = 0;
    while (i < raw.length) {
      const c = raw[i];
      if (c === '{') {
        if (raw[i + 1] === '{' && depth === 0) {
          lit += '{';
          i += 2;
          continue;
        }
        flush();
        // scan the expression up to a top-level '!', ':', '=' (debug) or '}'
        let j = i + 1;
        let nest = 0;
        let quote: string | null = null;
        while (j < raw.length) {
          const ch = raw[j];
          if (quote) {
            if (ch === '\\') j++;
            else if (raw.startsWith(quote, j)) {
              j += quote.length - 1;
              quote = null;
            }
          } else if (ch === "'" || ch === '"') {
            quote = raw.startsWith(ch.repeat(3), j) ? ch.repeat(3) : ch;
            j += quote.length - 1;
          } else if (ch === '(' || ch === '[' || ch === '{') nest++;
          else if (ch === ')' || ch === ']' || (ch === '}' && nest > 0)) nest--;
          else if (nest === 0 && (ch === '}' || ch === ':' || (ch === '!' && raw[j + 1] !== '='))) break;
          j++;
        }
        if (j >= raw.length) throw fail("expecting '}'");
        let exprText = raw.slice(i + 1, j);
        let debugText = '';
        const dm = /^(.*?[^=!<>])=(\s*)$/s.exec(exprText);
        if (dm && !/[=!<>]$/.test(dm[1])) {
          debugText = exprText;
          exprText = dm[1];
        }
        if (!exprText.trim()) throw fail('empty expression not allowed');
        const expr = parseExpression(exprText, line, col + i + 1);
        let conversion: '' | 'r' | 's' | 'a' = '';
        if (raw[j] === '!') {
          const cv = raw[j + 1];
          if (cv !== 'r' && cv !== 's' && cv !== 'a') throw fail("invalid conversion character: expected 's', 'r', or 'a'");
          conversion = cv;
          j += 2;
        }
        let spec: (string | FormattedValue)[] | null = null;
        if (raw[j] === ':') {
          // spec runs to the matching '}' (nested fields allowed)
          let k = j + 1;
          let n = 0;
          while (k < raw.length && !(raw[k] === '}' && n === 0)) {
            if (raw[k] === '{') n++;
            else if (raw[k] === '}') n--;
            k++;
          }
          if (k >= raw.length) throw fail("expecting '}'");
          spec = this.fstringParts(raw.slice(j + 1, k), isRaw, line, col + j + 1, tok, depth + 1);
          j = k;
        }
        if (raw[j] !== '}') throw fail("expecting '}'");
        if (debugText && !conversion && !spec) conversion = 'r';
        parts.push({ expr, conversion, spec, debugText });
        i = j + 1;
        continue;
      }
      if (c === '}') {
        if (raw[i + 1] === '}' && depth === 0) {
          lit += '}';
          i += 2;
          continue;
        }
        throw fail("single '}' is not allowed");
      }
      lit += c;
      i++;
    }
    flush();
    return parts;
  }
}
