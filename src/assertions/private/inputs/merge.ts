/* eslint-disable @typescript-eslint/no-explicit-any */
import { resolveTemplate } from '../intrinsics';
import type { Ack } from './acknowledgments';

type Json = any;

/** One stack to merge: its template and what names it. */
export interface StackInput {
  /** The prefix of its logical ids in the merged template (`NetworkStack`, `Stage/Stack`). */
  readonly name: string;
  readonly template: Json;
  /** Where it was read from (for errors and for relative nested-template paths). */
  readonly source: string;
  /** Its CloudFormation stack name (`AWS::StackName`). @default - unknown */
  readonly stackName?: string;
  /**
   * The acknowledgments recorded on its constructs (`Validations.of(x).acknowledge`), by logical id.
   * @default - none known (a template file holds none)
   */
  readonly acknowledgments?: ReadonlyMap<string, Ack[]>;
}

/** Finds the template of a nested stack (an `AWS::CloudFormation::Stack` resource, already resolved). */
export type NestedTemplateFinder = (resource: Json, parent: StackInput) => { template: Json; source: string } | undefined;

export interface MergeOptions {
  readonly parameters?: Record<string, string>;
  readonly region?: string;
  readonly account?: string;
}

const MAX_DEPTH = 10;

/** Whether any stack of `inputs` has a nested stack whose template `nested` finds. */
export function hasNestedStacks(inputs: StackInput[], nested: NestedTemplateFinder): boolean {
  return inputs.some((i) => Object.values(objectOr(i.template.Resources)).some((r: Json) =>
    r?.Type === 'AWS::CloudFormation::Stack' && nested(r, i) !== undefined));
}

/**
 * Several stacks as ONE template for the reader. Each stack's template is resolved with its own
 * parameters (the caller's `Stack/Name` or plain `Name` values, else the defaults; a nested stack
 * gets what its parent passes), then its logical ids, parameters, conditions and mappings are
 * prefixed with the stack's name (`NetworkStack/Vpc1234`; a nested stack's prefix is its parent
 * resource's id: `App/NetworkNested/Vpc`), and `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`,
 * `Condition`, `DependsOn` and `Fn::FindInMap` follow. Then `Fn::ImportValue` of a name another
 * stack exports becomes the exported value, and `Fn::GetAtt [NestedStack, Outputs.X]` the nested
 * stack's output value. The merged template has no parameters left: what stays unknown is a
 * symbol, and the reader's own resolution pass completes what became known (a `Fn::Join` over an
 * import, a condition on a nested stack's parameter).
 */
export function mergeStacks(inputs: StackInput[], nested: NestedTemplateFinder, options: MergeOptions = {}): Json {
  const given = options.parameters ?? {};
  const used = new Set<string>();
  const resources: Record<string, Json> = {};
  const conditions: Record<string, Json> = {};
  const mappings: Record<string, Json> = {};
  const outputs = new Map<string, Record<string, Json>>(); // nested stack resource id -> its outputs
  const exports = new Map<string, Json>();
  const names = new Set<string>();

  const add = (input: StackInput, parameterValues: Record<string, Json> | undefined, depth: number) => {
    if (names.has(input.name)) {
      throw new Error(`TemplateModel: two stacks named '${input.name}' (${input.source}); stack names must be unique`);
    }
    names.add(input.name);
    const params: Record<string, string> = {};
    if (!parameterValues) {
      const declared = objectOr(input.template.Parameters);
      for (const [key, value] of Object.entries(given)) {
        const name = key.startsWith(`${input.name}/`) ? key.slice(input.name.length + 1) : key;
        if (!name.includes('/') && declared[name] !== undefined) {
          if (key.includes('/') || params[name] === undefined) params[name] = value;
          used.add(key);
        }
      }
    }
    let resolved: Json;
    try {
      const { region, account } = options;
      resolved = resolveTemplate(input.template, { parameters: params, parameterValues, region, account, stackName: input.stackName }).template;
    } catch (e) {
      throw new Error(`${input.source}: ${(e as Error).message}`);
    }
    const renamed = prefixed(resolved, input.name);
    Object.assign(conditions, objectOr(renamed.Conditions));
    Object.assign(mappings, objectOr(renamed.Mappings));
    const own: Record<string, Json> = {};
    for (const [name, out] of Object.entries(objectOr(renamed.Outputs))) {
      if (!out || typeof out !== 'object') continue;
      if (typeof out.Condition === 'string' && renamed.Conditions?.[out.Condition] === false) continue;
      own[name] = out.Value;
      const exportName = out.Export?.Name;
      if (typeof exportName === 'string') exports.set(exportName, out.Value);
    }
    outputs.set(input.name, own);
    for (const [id, r] of Object.entries(objectOr(renamed.Resources))) {
      resources[id] = r;
      if (r?.Type !== 'AWS::CloudFormation::Stack') continue;
      const child = nested(r, input);
      if (!child) continue;
      if (depth >= MAX_DEPTH) {
        throw new Error(`${child.source}: nested stacks deeper than ${MAX_DEPTH} levels`);
      }
      add({ name: id, template: child.template, source: child.source }, objectOr(r.Properties?.Parameters), depth + 1);
    }
  };
  inputs.forEach((i) => add(i, undefined, 0));
  const unused = Object.keys(given).filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new Error(`TemplateModel: parameter '${unused[0]}' is not declared by any of the stacks (${inputs.map((i) => i.name).join(', ')}); `
      + 'name a parameter Name (every stack that declares it) or Stack/Name');
  }

  // imports and nested stacks' outputs, until nothing changes (an output may be an import)
  const substitute = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(substitute);
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Fn::ImportValue' && typeof v['Fn::ImportValue'] === 'string' && exports.has(v['Fn::ImportValue'])) {
      return exports.get(v['Fn::ImportValue']);
    }
    const getAtt = keys.length === 1 ? v['Fn::GetAtt'] : undefined;
    if (getAtt) {
      const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split(/\.(.*)/s);
      const m = typeof attr === 'string' ? /^Outputs\.(.+)$/.exec(attr) : null;
      if (m && outputs.get(id)?.[m[1]] !== undefined) return outputs.get(id)![m[1]];
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
  };
  let merged: Json = { Mappings: mappings, Conditions: conditions, Resources: resources };
  for (let i = 0; i < MAX_DEPTH; i++) {
    const next = substitute(merged);
    if (JSON.stringify(next) === JSON.stringify(merged)) break;
    merged = next;
  }
  return { AWSTemplateFormatVersion: '2010-09-09', ...merged };
}

/**
 * A resolved template with its own names prefixed (`prefix/Name`): resources, the parameters left
 * unresolved, conditions and mappings, wherever the template refers to them.
 */
export function prefixed(template: Json, prefix: string): Json {
  const resources = objectOr(template.Resources);
  const params = objectOr(template.Parameters);
  const conds = objectOr(template.Conditions);
  const maps = objectOr(template.Mappings);
  const p = (name: string) => `${prefix}/${name}`;
  const isRefable = (n: Json) => typeof n === 'string' && (n in resources || n in params);
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const a = v[k];
      switch (k) {
        case 'Ref':
          return { Ref: isRefable(a) ? p(a) : a };
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(a) ? a : String(a).split(/\.(.*)/s);
          return { 'Fn::GetAtt': [id in resources ? p(id) : id, walk(attr)] };
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(a) ? [a[0], walk(a[1])] : [a, undefined];
          const local = vars && typeof vars === 'object' ? vars : {};
          const out = typeof text === 'string' ? text.replace(/\$\{([^!}][^}]*)\}/g, (whole, expr: string) => {
            const [name, ...rest] = expr.split('.');
            return name in local || !isRefable(name) ? whole : `\${${[p(name), ...rest].join('.')}}`;
          }) : walk(text);
          return { 'Fn::Sub': Array.isArray(a) ? [out, vars] : out };
        }
        case 'Fn::If':
          return Array.isArray(a) ? { 'Fn::If': [typeof a[0] === 'string' && a[0] in conds ? p(a[0]) : a[0], ...a.slice(1).map(walk)] } : v;
        case 'Condition':
          if (typeof a === 'string') return { Condition: a in conds ? p(a) : a };
          break;
        case 'Fn::FindInMap':
          return Array.isArray(a) ? { 'Fn::FindInMap': [typeof a[0] === 'string' && a[0] in maps ? p(a[0]) : walk(a[0]), ...a.slice(1).map(walk)] } : v;
        default:
          break;
      }
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  const resource = (r: Json): Json => {
    if (!r || typeof r !== 'object') return r;
    const out = walk(r);
    if (typeof r.Condition === 'string') out.Condition = r.Condition in conds ? p(r.Condition) : r.Condition;
    if (r.DependsOn !== undefined) {
      const deps = Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
      out.DependsOn = deps.map((d: Json) => (typeof d === 'string' && d in resources ? p(d) : d));
    }
    return out;
  };
  const rename = (section: Record<string, Json>, f: (x: Json) => Json) => Object.fromEntries(Object.entries(section).map(([k, x]) => [p(k), f(x)]));
  const out: Json = { ...template, Resources: rename(resources, resource) };
  if (template.Conditions !== undefined) out.Conditions = rename(conds, walk);
  if (template.Mappings !== undefined) out.Mappings = rename(maps, (x) => x);
  if (template.Parameters !== undefined) out.Parameters = rename(params, (x) => x);
  if (template.Outputs !== undefined) {
    out.Outputs = Object.fromEntries(Object.entries(objectOr(template.Outputs)).map(([k, o]) => [k,
      o && typeof o === 'object' && typeof o.Condition === 'string' && o.Condition in conds ? { ...walk(o), Condition: p(o.Condition) } : walk(o)]));
  }
  return out;
}

function objectOr(v: Json): Record<string, Json> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
