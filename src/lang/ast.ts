/** The AST of the cell language (a subset of Python's), with source positions. */

export interface Pos {
  line: number;
  col: number; // 0-based
  endLine: number;
  endCol: number;
}

export type Expr =
  | ({ k: 'Const'; value: null | boolean | bigint | number | string | 'ellipsis'; isEllipsis?: boolean } & Pos)
  | ({ k: 'FString'; parts: (string | FormattedValue)[] } & Pos)
  | ({ k: 'Name'; id: string } & Pos)
  | ({ k: 'List'; elts: Expr[] } & Pos)
  | ({ k: 'Tuple'; elts: Expr[]; parens?: boolean } & Pos)
  | ({ k: 'Set'; elts: Expr[] } & Pos)
  | ({ k: 'Dict'; keys: (Expr | null)[]; values: Expr[] } & Pos)
  | ({ k: 'BinOp'; op: string; left: Expr; right: Expr } & Pos)
  | ({ k: 'UnaryOp'; op: '-' | '+' | '~' | 'not'; operand: Expr } & Pos)
  | ({ k: 'BoolOp'; op: 'and' | 'or'; values: Expr[] } & Pos)
  | ({ k: 'Compare'; left: Expr; ops: string[]; comparators: Expr[] } & Pos)
  | ({ k: 'Call'; func: Expr; args: Expr[]; keywords: Keyword[] } & Pos)
  | ({ k: 'Attribute'; value: Expr; attr: string } & Pos)
  | ({ k: 'Subscript'; value: Expr; index: Expr } & Pos)
  | ({ k: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null } & Pos)
  | ({ k: 'Starred'; value: Expr } & Pos)
  | ({ k: 'IfExp'; test: Expr; body: Expr; orelse: Expr } & Pos)
  | ({ k: 'Lambda'; args: Arguments; body: Expr } & Pos)
  | ({ k: 'ListComp' | 'SetComp' | 'GeneratorExp'; elt: Expr; generators: Comprehension[] } & Pos)
  | ({ k: 'DictComp'; key: Expr; value: Expr; generators: Comprehension[] } & Pos)
  | ({ k: 'NamedExpr'; target: Expr; value: Expr } & Pos)
  | ({ k: 'Yield'; value: Expr | null } & Pos);

export interface FormattedValue {
  expr: Expr;
  conversion: '' | 'r' | 's' | 'a';
  spec: (string | FormattedValue)[] | null;
  /** Text of `expr=` debugging specifier (includes the '='), or ''. */
  debugText: string;
}

export interface Keyword {
  name: string | null; // null → **mapping
  value: Expr;
}

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Arg {
  name: string;
  default: Expr | null;
}

export interface Arguments {
  posonly: number;
  args: Arg[]; // positional-or-keyword (incl. posonly first)
  vararg: string | null;
  kwonly: Arg[];
  kwarg: string | null;
}

export interface ExceptHandler extends Pos {
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Alias {
  name: string;
  asname: string | null;
}

export type Stmt =
  | ({ k: 'Expr'; value: Expr } & Pos)
  | ({ k: 'Assign'; targets: Expr[]; value: Expr } & Pos)
  | ({ k: 'AugAssign'; target: Expr; op: string; value: Expr } & Pos)
  | ({ k: 'AnnAssign'; target: Expr; value: Expr | null } & Pos)
  | ({ k: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ k: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ k: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] } & Pos)
  | ({ k: 'Break' } & Pos)
  | ({ k: 'Continue' } & Pos)
  | ({ k: 'Pass' } & Pos)
  | ({ k: 'Return'; value: Expr | null } & Pos)
  | ({ k: 'FunctionDef'; name: string; args: Arguments; body: Stmt[]; decorators: Expr[]; doc: string | null } & Pos)
  | ({ k: 'ClassDef'; name: string; bases: Expr[]; keywords: Keyword[]; body: Stmt[]; decorators: Expr[]; doc: string | null } & Pos)
  | ({ k: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] } & Pos)
  | ({ k: 'Raise'; exc: Expr | null; cause: Expr | null } & Pos)
  | ({ k: 'With'; items: { expr: Expr; target: Expr | null }[]; body: Stmt[] } & Pos)
  | ({ k: 'Import'; names: Alias[] } & Pos)
  | ({ k: 'ImportFrom'; module: string; names: Alias[]; level: number } & Pos)
  | ({ k: 'Global' | 'Nonlocal'; names: string[] } & Pos)
  | ({ k: 'Delete'; targets: Expr[] } & Pos)
  | ({ k: 'Assert'; test: Expr; msg: Expr | null } & Pos);

export interface Module {
  body: Stmt[];
}
