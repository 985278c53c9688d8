/**
 * Reads Go source text well enough to evaluate the composite literals a Terraform provider declares its schemas
 * with: a tokenizer, an expression parser (literals, selectors, calls, composite literals, binary operators) and
 * an index of a package's top-level functions, methods, variables and imports. It does not type-check or run
 * anything; callers (providers/vercel/extract-source-schema.ts) give meaning to the expressions and fail on any
 * form they do not understand, so a provider release that declares its schema differently is an error, not a
 * silently wrong extract.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Token {
  readonly kind: "ident" | "string" | "number" | "char" | "op";
  /** Identifier, operator, number text, or the decoded value of a string literal. */
  readonly value: string;
  readonly line: number;
}

export type Expr =
  | { readonly k: "string"; readonly value: string; readonly line: number }
  | { readonly k: "number" | "char"; readonly text: string; readonly line: number }
  | { readonly k: "ident"; readonly name: string; readonly line: number }
  | { readonly k: "selector"; readonly x: Expr; readonly name: string; readonly line: number }
  | { readonly k: "call"; readonly fn: Expr; readonly args: readonly Expr[]; readonly line: number }
  | { readonly k: "index"; readonly x: Expr; readonly index: readonly Expr[]; readonly line: number }
  | {
      readonly k: "composite";
      readonly type: string | null;
      readonly elements: readonly Element[];
      readonly line: number;
    }
  | { readonly k: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr; readonly line: number }
  | { readonly k: "unary"; readonly op: string; readonly x: Expr; readonly line: number }
  | { readonly k: "func"; readonly line: number };

export interface Element {
  readonly key?: Expr;
  readonly value: Expr;
}

/** A Go source error names the file and line, so a failure points at the declaration to read. */
export class GoSourceError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "GoSourceError";
  }
}

const OPERATORS = [
  "<<=",
  ">>=",
  "&^=",
  "...",
  "&&",
  "||",
  "<-",
  "++",
  "--",
  "==",
  "!=",
  "<=",
  ">=",
  ":=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "<<",
  ">>",
  "&^",
];
const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/** Decodes the body of an interpreted string literal the way the Go compiler does. */
function decodeInterpreted(body: string, fail: (m: string) => never): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === "x") {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u") {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === "U") {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/[0-7]/.test(e)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else fail(`unknown escape \\${e} in a string literal`);
  }
  return out;
}

export function tokenize(file: string, text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (m: string): never => {
    throw new GoSourceError(file, line, m);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) fail("unterminated comment");
      line += text.slice(i, end).split("\n").length - 1;
      i = end + 2;
      continue;
    }
    const start = line;
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) fail("unterminated raw string");
      const raw = text.slice(i + 1, end);
      line += raw.split("\n").length - 1;
      // The Go spec drops carriage returns from raw string literals.
      tokens.push({ kind: "string", value: raw.replace(/\r/g, ""), line: start });
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\") j++;
        if (text[j] === "\n") fail("newline in a string literal");
        j++;
      }
      const body = text.slice(i + 1, j);
      tokens.push(
        c === '"'
          ? { kind: "string", value: decodeInterpreted(body, fail), line }
          : { kind: "char", value: body, line },
      );
      i = j + 1;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(i, i + 200));
    if (word) {
      tokens.push({ kind: "ident", value: word[0], line });
      i += word[0].length;
      continue;
    }
    const num = /^(?:\d|\.\d)[\w.]*(?:[eEpP][+-]\d+)?/.exec(text.slice(i, i + 100));
    if (num) {
      tokens.push({ kind: "number", value: num[0], line });
      i += num[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
    tokens.push({ kind: "op", value: op, line });
    i += op.length;
  }
  return tokens;
}

/** Go's binary operator precedence, highest binds tightest. */
const PRECEDENCE: Record<string, number> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "+": 4,
  "-": 4,
  "|": 4,
  "^": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "<<": 5,
  ">>": 5,
  "&": 5,
  "&^": 5,
};

/** A recursive-descent parser over one file's tokens, started at any token index. */
export class GoParser {
  constructor(
    readonly file: string,
    readonly tokens: readonly Token[],
    public pos = 0,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private line(): number {
    return this.peek()?.line ?? this.tokens[this.tokens.length - 1]?.line ?? 0;
  }
  fail(message: string, line = this.line()): never {
    throw new GoSourceError(this.file, line, message);
  }
  private isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "op" && t.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail(`expected "${value}", found "${this.peek()?.value ?? "end of file"}"`);
    this.pos++;
  }

  /** Skips a balanced (), [] or {} group starting at the current token. */
  skipGroup(): void {
    const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
    const open = this.peek()!.value;
    const close = pairs[open] ?? this.fail(`cannot skip from "${open}"`);
    let depth = 0;
    do {
      const t = this.tokens[this.pos++] ?? this.fail(`unbalanced "${open}"`);
      if (t.kind === "op" && t.value === open) depth++;
      else if (t.kind === "op" && t.value === close) depth--;
    } while (depth > 0);
  }

  /** A type as written (`map[string]schema.Attribute`, `[]validator.String`, `schema.StringAttribute`). */
  parseType(): string {
    const t = this.peek() ?? this.fail("expected a type");
    if (t.kind === "op" && t.value === "*") {
      this.pos++;
      return `*${this.parseType()}`;
    }
    if (t.kind === "op" && t.value === "[") {
      this.pos++;
      const size = this.isOp("]") ? "" : this.tokens[this.pos++].value;
      this.expectOp("]");
      return `[${size}]${this.parseType()}`;
    }
    if (t.kind === "ident" && t.value === "map") {
      this.pos++;
      this.expectOp("[");
      const key = this.parseType();
      this.expectOp("]");
      return `map[${key}]${this.parseType()}`;
    }
    if (t.kind === "ident" && (t.value === "struct" || t.value === "interface")) {
      this.pos++;
      const start = this.pos;
      this.skipGroup();
      return `${t.value}{${this.tokens
        .slice(start + 1, this.pos - 1)
        .map((x) => x.value)
        .join(" ")}}`;
    }
    if (t.kind !== "ident") this.fail(`expected a type, found "${t.value}"`);
    this.pos++;
    if (this.isOp(".") && this.peek(1)?.kind === "ident") {
      this.pos += 2;
      return `${t.value}.${this.tokens[this.pos - 1].value}`;
    }
    return t.value;
  }

  parseExpr(minPrecedence = 1): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const p = t?.kind === "op" ? PRECEDENCE[t.value] : undefined;
      if (p === undefined || p < minPrecedence) return left;
      this.pos++;
      const right = this.parseExpr(p + 1);
      left = { k: "binary", op: t!.value, left, right, line: t!.line };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek() ?? this.fail("expected an expression");
    if (t.kind === "op" && ["&", "-", "+", "!", "^", "*", "<-"].includes(t.value)) {
      this.pos++;
      return { k: "unary", op: t.value, x: this.parseUnary(), line: t.line };
    }
    return this.parsePostfix(this.parseOperand());
  }

  private parseOperand(): Expr {
    const t = this.peek() ?? this.fail("expected an expression");
    const line = t.line;
    if (t.kind === "string") {
      this.pos++;
      return { k: "string", value: t.value, line };
    }
    if (t.kind === "number" || t.kind === "char") {
      this.pos++;
      return { k: t.kind, text: t.value, line };
    }
    if (t.kind === "op" && t.value === "(") {
      this.pos++;
      const inner = this.parseExpr();
      this.expectOp(")");
      return inner;
    }
    if ((t.kind === "op" && t.value === "[") || (t.kind === "ident" && (t.value === "map" || t.value === "struct"))) {
      const type = this.parseType();
      if (!this.isOp("{")) this.fail(`expected a composite literal after ${type}`);
      return this.parseComposite(type, line);
    }
    if (t.kind === "ident" && t.value === "func") {
      // Function literals carry behaviour (validators, defaults), never schema data: skip their body.
      this.pos++;
      this.skipGroup();
      while (this.peek() && !this.isOp("{")) this.pos++;
      this.skipGroup();
      return { k: "func", line };
    }
    if (t.kind === "ident") {
      this.pos++;
      return { k: "ident", name: t.value, line };
    }
    return this.fail(`unexpected "${t.value}"`);
  }

  private parsePostfix(x: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t?.kind !== "op") return x;
      if (t.value === "." && this.peek(1)?.kind === "ident") {
        this.pos += 2;
        x = { k: "selector", x, name: this.tokens[this.pos - 1].value, line: t.line };
      } else if (t.value === "(") {
        this.pos++;
        const args: Expr[] = [];
        while (!this.isOp(")")) {
          args.push(this.parseExpr());
          if (this.isOp("...")) this.pos++;
          if (!this.isOp(")")) this.expectOp(",");
        }
        this.pos++;
        x = { k: "call", fn: x, args, line: t.line };
      } else if (t.value === "[") {
        this.pos++;
        const index: Expr[] = [];
        while (!this.isOp("]")) {
          index.push(this.parseExpr());
          if (!this.isOp("]")) this.expectOp(",");
        }
        this.pos++;
        x = { k: "index", x, index, line: t.line };
      } else if (t.value === "{" && (x.k === "ident" || x.k === "selector")) {
        x = this.parseComposite(exprText(x), x.line);
      } else {
        return x;
      }
    }
  }

  private parseComposite(type: string | null, line: number): Expr {
    this.expectOp("{");
    const elements: Element[] = [];
    while (!this.isOp("}")) {
      const first = this.isOp("{") ? this.parseComposite(null, this.line()) : this.parseExpr();
      if (this.isOp(":")) {
        this.pos++;
        const value = this.isOp("{") ? this.parseComposite(null, this.line()) : this.parseExpr();
        elements.push({ key: first, value });
      } else {
        elements.push({ value: first });
      }
      if (!this.isOp("}")) this.expectOp(",");
    }
    this.pos++;
    return { k: "composite", type, elements, line };
  }
}

/** `schema.StringAttribute`, `resp.Schema`: the dotted name of an identifier or selector. */
export function exprText(e: Expr): string {
  if (e.k === "ident") return e.name;
  if (e.k === "selector") return `${exprText(e.x)}.${e.name}`;
  if (e.k === "call") return `${exprText(e.fn)}(${e.args.map(exprText).join(", ")})`;
  if (e.k === "string") return JSON.stringify(e.value);
  if (e.k === "number" || e.k === "char") return e.text;
  return `<${e.k}>`;
}

/** Where a top-level declaration lives: its file and the index of its first token there. */
export interface Declaration {
  readonly file: string;
  readonly tokens: readonly Token[];
  readonly at: number;
}

/** The top-level declarations of one Go package directory (test files excluded). */
export class GoPackage {
  readonly files = new Map<string, Token[]>();
  readonly functions = new Map<string, Declaration>();
  /** `Receiver.Method` → the token after the method name. */
  readonly methods = new Map<string, Declaration>();
  /** Package-level `var`/`const` name → the token of its value expression. */
  readonly values = new Map<string, Declaration>();
  /** Per file: import name → import path. */
  readonly imports = new Map<string, Map<string, string>>();

  /** @param dir the package directory; file names are recorded relative to `root`. */
  constructor(root: string, dir: string) {
    for (const name of readdirSync(join(root, dir))
      .filter((n) => n.endsWith(".go") && !n.endsWith("_test.go"))
      .sort()) {
      const file = `${dir}/${name}`;
      const tokens = tokenize(file, readFileSync(join(root, file), "utf8"));
      this.files.set(file, tokens);
      this.index(file, tokens);
    }
  }

  private index(file: string, tokens: readonly Token[]): void {
    const imports = new Map<string, string>();
    this.imports.set(file, imports);
    let depth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === "op" && (t.value === "{" || t.value === "(" || t.value === "[")) {
        depth++;
        continue;
      }
      if (t.kind === "op" && (t.value === "}" || t.value === ")" || t.value === "]")) {
        depth--;
        continue;
      }
      if (depth !== 0 || t.kind !== "ident") continue;
      if (t.value === "import") i = this.indexImports(tokens, i + 1, imports);
      else if (t.value === "func") this.indexFunc(file, tokens, i + 1);
      else if (t.value === "var" || t.value === "const") i = this.indexValues(file, tokens, i + 1);
    }
  }

  private indexImports(tokens: readonly Token[], i: number, imports: Map<string, string>): number {
    const one = (j: number): number => {
      const alias = tokens[j].kind === "string" ? undefined : tokens[j++].value;
      const path = tokens[j].value;
      imports.set(alias ?? path.split("/").pop()!, path);
      return j;
    };
    if (tokens[i].value !== "(") return one(i);
    let j = i + 1;
    while (tokens[j].value !== ")") j = one(j) + 1;
    return j;
  }

  private indexFunc(file: string, tokens: readonly Token[], i: number): void {
    if (tokens[i].kind === "ident") {
      this.functions.set(tokens[i].value, { file, tokens, at: i + 1 });
      return;
    }
    // A method: func (r *T) Name(
    let j = i + 1;
    while (tokens[j].value !== ")") j++;
    const receiver = tokens[j - 1].value;
    this.methods.set(`${receiver}.${tokens[j + 1].value}`, { file, tokens, at: j + 2 });
  }

  /** Indexes `var x = e`, `var x T = e` and grouped forms; returns the index where the declaration ends. */
  private indexValues(file: string, tokens: readonly Token[], i: number): number {
    const one = (j: number): number => {
      const name = tokens[j];
      let k = j + 1;
      while (k < tokens.length && tokens[k].line === name.line && tokens[k].value !== "=") k++;
      if (tokens[k]?.value !== "=") return k - 1;
      this.values.set(name.value, { file, tokens, at: k + 1 });
      const parser = new GoParser(file, tokens, k + 1);
      parser.parseExpr();
      return parser.pos - 1;
    };
    if (tokens[i].value !== "(") return one(i);
    let j = i + 1;
    while (tokens[j].value !== ")") j = one(j) + 1;
    return j;
  }

  /** A parser positioned at a declaration's token. */
  parserAt(d: Declaration): GoParser {
    return new GoParser(d.file, d.tokens, d.at);
  }

  /**
   * The single expression assigned as `<x>.<field> = <expr>` inside a method body (e.g. `resp.Schema = ...`).
   * Throws unless exactly one such assignment exists, so a method that builds its schema conditionally is noticed.
   */
  assignmentIn(method: string, field: string): { parser: GoParser; expr: Expr } {
    const d =
      this.methods.get(method) ??
      (() => {
        throw new Error(`no method ${method} in the package`);
      })();
    const parser = this.parserAt(d);
    parser.skipGroup(); // parameters
    while (parser.tokens[parser.pos].value !== "{") parser.pos++;
    const bodyStart = parser.pos;
    parser.skipGroup();
    const bodyEnd = parser.pos;
    const hits: number[] = [];
    for (let i = bodyStart; i < bodyEnd - 3; i++) {
      const [a, dot, f, eq] = [d.tokens[i], d.tokens[i + 1], d.tokens[i + 2], d.tokens[i + 3]];
      if (a.kind === "ident" && dot.value === "." && f.value === field && eq.kind === "op" && eq.value === "=")
        hits.push(i + 4);
    }
    if (hits.length !== 1)
      throw new GoSourceError(
        d.file,
        d.tokens[d.at].line,
        `${method} assigns .${field} ${hits.length} times; expected once`,
      );
    const at = new GoParser(d.file, d.tokens, hits[0]);
    return { parser: at, expr: at.parseExpr() };
  }

  /** The parameter list text of a method (`ctx context.Context, req resource.MetadataRequest, ...`). */
  parametersOf(method: string): string {
    const d = this.methods.get(method)!;
    const parser = this.parserAt(d);
    const start = parser.pos;
    parser.skipGroup();
    return d.tokens
      .slice(start + 1, parser.pos - 1)
      .map((t) => t.value)
      .join(" ");
  }
}
