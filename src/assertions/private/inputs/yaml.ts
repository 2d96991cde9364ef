/* eslint-disable @typescript-eslint/no-explicit-any */
import { isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, Tags, visit, YAMLMap, YAMLSeq } from 'yaml';

type Json = any;

/**
 * CloudFormation's short-form tags and the long form each stands for (`!Ref X` is `{"Ref": "X"}`,
 * `!If [...]` is `{"Fn::If": [...]}`, `!Condition X` is `{"Condition": "X"}`).
 */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(['And', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'ForEach', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length',
    'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform'].map((f) => [`!${f}`, `Fn::${f}`])),
};

/** YAML 1.1 types CloudFormation does not support: their tags are not applied (the value stays a string). */
const UNSUPPORTED = new Set(['binary', 'omap', 'pairs', 'set', 'timestamp', 'merge'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * YAML 1.1 booleans as CloudFormation's parser reads them (as SnakeYAML and PyYAML do): `yes`,
 * `no`, `on`, `off`, `true`, `false` in lower, title or upper case; not the single letters `y`
 * and `n` of the YAML 1.1 type list, which stay strings.
 */
const BOOL = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  identify: (v: unknown) => typeof v === 'boolean',
  test: /^(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/,
  resolve: (s: string) => /^(?:yes|true|on)$/i.test(s),
};

/**
 * Every tag as a pass-through: the node keeps its tag and is converted below, where the tag's
 * long form is built from the node's plain value.
 */
const PASS_THROUGH: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (s: string) => s },
  { tag, collection: 'seq' as const, resolve: (s: YAMLSeq) => s, nodeClass: YAMLSeq } as never,
  { tag, collection: 'map' as const, resolve: (m: YAMLMap) => m, nodeClass: YAMLMap } as never,
]);

/** Whether a text is a YAML template rather than JSON: JSON starts with `{` (after blanks). */
export function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text.replace(/^\uFEFF/, ''));
}

/**
 * Parses a CloudFormation template written in YAML, as CloudFormation reads it: YAML 1.1 (so
 * `yes`/`no`/`on`/`off` are booleans and `010` is octal, as in CloudFormation), without the
 * types CloudFormation does not support (`binary`, `omap`, `pairs`, `set`, `timestamp`: an
 * unquoted `2010-09-09` stays a string; `<<` is an ordinary key, not a merge), short-form tags
 * turned into their long forms. Aliases are rejected, as CloudFormation rejects them. Throws one
 * line naming `source`, the line and the column.
 */
export function parseYamlTemplate(text: string, source: string): Json {
  try {
    return parseStrict(text, source);
  } catch (e) {
    // CloudFormation accepts a quoted string whose continuation lines are not indented under its
    // key (a YAML 1.2 parser does not): indent them, and read again.
    const repaired = indentQuotedContinuations(text);
    if (repaired === text) throw e;
    try {
      return parseStrict(repaired, source);
    } catch {
      throw e;
    }
  }
}

/**
 * The continuation lines of a single- or double-quoted string that does not close on the line of
 * its key, indented one column deeper than the key where they are not (their leading blanks are
 * folded away: the string's value does not change).
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- +)?(?:[^\s#'"][^#'"]*?:\s+)?(['"])(.*)$/.exec(lines[i]);
    if (!m || closes(m[3], m[2])) continue;
    const indent = m[1].length;
    for (let j = i + 1; j < lines.length; j++) {
      const lead = /^\s*/.exec(lines[j])![0].length;
      if (lines[j].trim() !== '' && lead <= indent) lines[j] = ' '.repeat(indent + 1 - lead) + lines[j];
      if (closes(lines[j], m[2])) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}

/** Whether a quoted string's rest closes on this line (`''` and `\"` are escapes). */
function closes(rest: string, quote: string): boolean {
  return quote === "'" ? /^(?:[^']|'')*'(?!')/.test(rest) : /^(?:[^"\\]|\\.)*"/.test(rest);
}

function parseStrict(text: string, source: string): Json {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    merge: false,
    uniqueKeys: false, // as CloudFormation: a repeated key's last value wins
    prettyErrors: false,
    lineCounter,
    customTags: (tags) => [BOOL, ...tags.filter((t) => {
      const name = typeof t === 'string' ? `tag:yaml.org,2002:${t}` : t.tag;
      return !UNSUPPORTED.has(name) && name !== BOOL.tag;
    }), ...PASS_THROUGH],
  });
  const at = (offset: number | undefined) => {
    const p = lineCounter.linePos(offset ?? 0);
    return `${source}:${p.line}:${p.col}`;
  };
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    throw new Error(`${at(problem.pos[0])}: not a YAML template (${firstLine(problem.message)})`);
  }
  visit(doc, {
    Alias: (_key, node) => {
      throw new Error(`${at(node.range?.[0])}: YAML aliases (*${node.source}) are not supported by CloudFormation`);
    },
    Node: (_key, node) => {
      const tag = node.tag;
      if (tag && tag.startsWith('!') && !(tag in SHORT_FORMS)) {
        throw new Error(`${at(node.range?.[0])}: unknown tag ${tag} (CloudFormation's short forms: ${Object.keys(SHORT_FORMS).join(', ')})`);
      }
      return undefined;
    },
  });
  if (doc.contents === null) {
    throw new Error(`${source}: empty YAML document, not a template`);
  }
  return toJson(doc.contents as Node, text, at);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** A key as written (a plain `on:` or `010:` key is the text, not a boolean or a number). */
function keyText(key: unknown, text: string): string {
  if (isScalar(key)) {
    return key.type === 'PLAIN' && key.range ? text.slice(key.range[0], key.range[1]) : String(key.value);
  }
  return key === null || key === undefined ? '' : JSON.stringify(key);
}

/** A node as JSON, its short-form tags as long forms. */
function toJson(node: Node, text: string, at: (offset: number | undefined) => string): Json {
  let value: Json;
  if (isMap(node)) {
    value = {};
    for (const pair of node.items) {
      value[keyText(pair.key, text)] = pair.value === null ? null : toJson(pair.value as Node, text, at);
    }
  } else if (isSeq(node)) {
    value = node.items.map((n) => (n === null ? null : toJson(n as Node, text, at)));
  } else if (isScalar(node)) {
    value = (node as Scalar).value;
  } else if (isAlias(node)) {
    throw new Error(`${at(node.range?.[0])}: YAML aliases are not supported by CloudFormation`);
  } else {
    value = null;
  }
  const longForm = node.tag ? SHORT_FORMS[node.tag] : undefined;
  if (!longForm) {
    return value;
  }
  if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
    // `!GetAtt Resource.Attribute`: the attribute is everything after the first dot (`Outputs.Name`)
    const dot = value.indexOf('.');
    if (dot <= 0) {
      throw new Error(`${at(node.range?.[0])}: !GetAtt expects Resource.Attribute, got '${value}'`);
    }
    return { [longForm]: [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longForm]: value };
}
