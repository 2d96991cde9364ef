import type { Parameter, Template } from './reader/template';
import { subdivide } from '../../private/network-util';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** The values of one deploy: parameters (else their defaults), region and account (else unknown). */
export interface ResolveOptions {
  readonly parameters?: Record<string, string>;
  readonly region?: string;
  readonly account?: string;
  /**
   * Parameter values that are template values rather than strings (a nested stack's parameters as
   * its parent passes them: a `Ref` of a parent resource, an output of another stack). Taken as
   * given, not checked against `AllowedValues`; a list-typed parameter given a single value reads
   * it as `Fn::Split` of `,`.
   */
  readonly parameterValues?: Record<string, Json>;
  /** The stack's name (`AWS::StackName`). @default - unknown: a symbol */
  readonly stackName?: string;
}

/** A template with what CloudFormation evaluates at deploy resolved, as far as the values are known. */
export interface ResolvedTemplate {
  readonly template: Json;
  /**
   * Resources whose `Condition` cannot be decided (it depends on a value that is not known): they
   * are kept, and what they decide is not proven. Logical id -> why.
   */
  readonly uncertain: Map<string, string>;
}

/** `AWS::NoValue`: removes the property or the list element that holds it. */
const NO_VALUE: Json = Object.freeze({ 'cdk-secure-alb:NoValue': true });

const INTRINSICS = new Set(['Ref', 'Fn::If', 'Fn::Sub', 'Fn::Join', 'Fn::Split', 'Fn::Select', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Cidr',
  'Fn::GetAtt', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Transform', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not']);

/** Whether a value is an intrinsic function call (an object with one `Ref` or `Fn::` key). */
export function isIntrinsic(v: Json): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && INTRINSICS.has(keys[0]);
}

/** A short readable name of an unresolved value: `{Ref SSHLocation}`, `{ImportValue shared-subnets}`. */
export function unresolvedText(v: Json): string {
  if (v === undefined) return 'no value';
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(unresolvedText).join(', ')}]`;
  if (isIntrinsic(v)) {
    const [key] = Object.keys(v);
    const arg = v[key];
    const name = key.replace(/^Fn::/, '');
    if (key === 'Ref') return `{Ref ${arg}}`;
    if (key === 'Fn::GetAtt') return `{GetAtt ${Array.isArray(arg) ? arg.join('.') : arg}}`;
    return `{${name} ${Array.isArray(arg) ? arg.map(unresolvedText).join(' ') : unresolvedText(arg)}}`;
  }
  return JSON.stringify(v);
}

/** Every `Ref` of a parameter or pseudo parameter in a value that is not resolved: what it depends on. */
function dependsOn(v: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) {v.forEach((x) => dependsOn(x, out));} else if (v && typeof v === 'object') {
    if (typeof v.Ref === 'string') out.add(v.Ref);
    Object.values(v).forEach((x) => dependsOn(x, out));
  }
  return out;
}

/**
 * Resolves a template once, before it is read: parameters (the given values, else their
 * `Default`; list types split), pseudo parameters, `Conditions` (a resource whose condition is
 * false is removed), `Fn::If`, `Fn::FindInMap`, `Fn::Sub`, `Fn::Join`, `Fn::Split`, `Fn::Select`
 * and `Fn::Cidr`; `AWS::NoValue` removes the property or element. `Ref`/`Fn::GetAtt` of resources,
 * `Fn::ImportValue`, `Fn::GetAZs` and whatever depends on an unknown value are kept as written:
 * the reader makes symbols of them. Throws only on options that do not fit the template.
 */
export function resolveTemplate(template: Json, options: ResolveOptions = {}): ResolvedTemplate {
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    return { template, uncertain: new Map() };
  }
  const r = new Resolver(template, options);
  return r.run();
}

/**
 * One pass over a template: the `Parameters`, `Conditions` and `Mappings` sections decide the
 * values, the `Resources` (their `Properties`, `Metadata` and `Condition`) and `Outputs` get them.
 */
class Resolver {
  private readonly params: Record<string, Parameter>;
  private readonly conditions: Record<string, Json>;
  private readonly mappings: NonNullable<Template['Mappings']>;
  private readonly resources: Record<string, Json>;
  private readonly condCache = new Map<string, boolean | undefined>();
  private readonly condStack: string[] = [];

  constructor(private readonly template: Template, private readonly options: ResolveOptions) {
    this.params = objectOr(template.Parameters);
    this.conditions = objectOr(template.Conditions);
    this.mappings = objectOr(template.Mappings);
    this.resources = objectOr(template.Resources);
    for (const [name, value] of Object.entries(options.parameters ?? {})) {
      const decl = this.params[name];
      if (!decl) {
        throw new Error(`TemplateModel: parameter '${name}' is not declared by the template; its parameters: ${Object.keys(this.params).join(', ') || 'none'}`);
      }
      const allowed = Array.isArray(decl.AllowedValues) ? decl.AllowedValues.map(String) : undefined;
      if (allowed && !isListType(decl.Type) && !allowed.includes(value)) {
        throw new Error(`TemplateModel: parameter '${name}' must be one of ${allowed.join(', ')}, got '${value}'`);
      }
    }
  }

  public run(): ResolvedTemplate {
    const uncertain = new Map<string, string>();
    const resources: Record<string, Json> = {};
    for (const [id, res] of Object.entries(this.resources)) {
      if (!res || typeof res !== 'object') {
        resources[id] = res;
        continue;
      }
      if (typeof res.Condition === 'string') {
        const present = this.condition(res.Condition);
        if (present === false) continue; // the resource is not created
        if (present === undefined) {
          const deps = [...dependsOn(this.conditions[res.Condition])].join(', ');
          uncertain.set(id, `${id} exists only if condition ${res.Condition} holds, which depends on ${deps || 'a value'} the model cannot resolve`);
        }
      }
      const out: Json = { ...res };
      for (const key of ['Properties', 'Metadata']) {
        if (res[key] !== undefined) {
          const v = this.value(res[key]);
          if (v === NO_VALUE) delete out[key];
          else out[key] = v;
        }
      }
      resources[id] = out;
    }
    const template: Json = { ...this.template, Resources: resources };
    if (this.template.Conditions !== undefined) {
      // decided conditions as booleans, the others with their values resolved: resolving again is harmless
      template.Conditions = Object.fromEntries(Object.keys(this.conditions).map((name) => {
        const c = this.condition(name);
        return [name, c === undefined ? this.value(this.conditions[name]) : c];
      }));
    }
    if (this.template.Outputs !== undefined) {
      template.Outputs = this.value(objectOr(this.template.Outputs));
    }
    return { template, uncertain };
  }

  /** A condition by name: true, false, or undefined when it depends on an unknown value. */
  private condition(name: string): boolean | undefined {
    if (this.condCache.has(name)) return this.condCache.get(name);
    if (this.condStack.includes(name) || !(name in this.conditions)) return undefined;
    this.condStack.push(name);
    const v = this.conditionValue(this.conditions[name]);
    this.condStack.pop();
    this.condCache.set(name, v);
    return v;
  }

  private conditionValue(e: Json): boolean | undefined {
    if (typeof e === 'boolean') return e;
    if (e === 'true' || e === 'false') return e === 'true';
    if (!e || typeof e !== 'object') return undefined;
    if (typeof e.Condition === 'string') return this.condition(e.Condition);
    if (Array.isArray(e['Fn::Equals'])) {
      const [a, b] = e['Fn::Equals'].map((x: Json) => this.value(x));
      if (!isConcrete(a) || !isConcrete(b)) return undefined;
      return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
    }
    if (Array.isArray(e['Fn::Not'])) {
      const v = this.conditionValue(e['Fn::Not'][0]);
      return v === undefined ? undefined : !v;
    }
    if (Array.isArray(e['Fn::And'])) {
      const vs = e['Fn::And'].map((x: Json) => this.conditionValue(x));
      if (vs.includes(false)) return false;
      return vs.every((x: Json) => x === true) ? true : undefined;
    }
    if (Array.isArray(e['Fn::Or'])) {
      const vs = e['Fn::Or'].map((x: Json) => this.conditionValue(x));
      if (vs.includes(true)) return true;
      return vs.every((x: Json) => x === false) ? false : undefined;
    }
    return undefined;
  }

  /** A value with every intrinsic resolved that can be; NO_VALUE for `AWS::NoValue`. */
  private value(v: Json): Json {
    if (Array.isArray(v)) {
      return v.map((x) => this.value(x)).filter((x) => x !== NO_VALUE);
    }
    if (!v || typeof v !== 'object') return v;
    if (isIntrinsic(v)) {
      const [key] = Object.keys(v);
      return this.intrinsic(key, v[key], v);
    }
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      const r = this.value(x);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private intrinsic(key: string, arg: Json, original: Json): Json {
    switch (key) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg) ?? original : original;
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return original;
        const c = this.condition(arg[0]);
        if (c === true) return this.value(arg[1]);
        if (c === false) return this.value(arg[2]);
        return { 'Fn::If': [arg[0], this.value(arg[1]), this.value(arg[2])] };
      }
      case 'Fn::Sub':
        return this.sub(arg) ?? { 'Fn::Sub': this.value(arg) };
      case 'Fn::Join': {
        const [delimiter, list] = Array.isArray(arg) ? [arg[0], this.value(arg[1])] : [undefined, undefined];
        if (typeof delimiter === 'string' && Array.isArray(list) && list.every(isScalar)) return list.map(String).join(delimiter);
        return { 'Fn::Join': [delimiter, list ?? this.value(arg)] };
      }
      case 'Fn::Split': {
        const [delimiter, text] = Array.isArray(arg) ? [arg[0], this.value(arg[1])] : [undefined, undefined];
        if (typeof delimiter === 'string' && typeof text === 'string') return text.split(delimiter);
        const joined = joinedReferences(delimiter, text);
        if (joined) return joined;
        return { 'Fn::Split': [delimiter, text ?? this.value(arg)] };
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(arg) ? [this.value(arg[0]), this.value(arg[1])] : [undefined, undefined];
        const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : undefined;
        if (i !== undefined && Array.isArray(list) && i < list.length) return list[i];
        return { 'Fn::Select': [index, list] };
      }
      case 'Fn::FindInMap': {
        const keys = Array.isArray(arg) ? arg.slice(0, 3).map((x: Json) => this.value(x)) : [];
        if (keys.length === 3 && keys.every((k: Json) => typeof k === 'string')) {
          const found = this.mappings[keys[0]]?.[keys[1]]?.[keys[2]];
          if (found !== undefined) return this.value(found);
        }
        return { 'Fn::FindInMap': keys };
      }
      case 'Fn::Cidr': {
        const [block, count, bits] = Array.isArray(arg) ? arg.map((x: Json) => this.value(x)) : [];
        return cidrs(block, count, bits) ?? { 'Fn::Cidr': [block, count, bits] };
      }
      case 'Fn::GetAtt':
        return original;
      default: // Fn::GetAZs, Fn::ImportValue, Fn::Base64, ...: the arguments resolved, the function kept (a symbol)
        return { [key]: this.value(arg) };
    }
  }

  /** A parameter or pseudo parameter's value; undefined when unknown or a resource (kept as `Ref`). */
  private ref(name: string): Json | undefined {
    const region = this.options.region;
    switch (name) {
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::Region': return region;
      case 'AWS::AccountId': return this.options.account;
      case 'AWS::StackName': return this.options.stackName;
      case 'AWS::Partition': return region === undefined ? undefined : region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      case 'AWS::URLSuffix': return region === undefined ? undefined : region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      default: break;
    }
    const decl = this.params[name];
    if (!decl || this.resources[name]) return undefined;
    const passed = this.options.parameterValues?.[name];
    if (passed !== undefined && (typeof passed === 'object' && passed !== null)) {
      if (isListType(decl.Type) && !Array.isArray(passed)) return this.value({ 'Fn::Split': [',', passed] });
      return passed;
    }
    const given = this.options.parameters?.[name] ?? (passed === undefined || passed === null ? undefined : String(passed));
    // an SSM parameter type's default is the parameter's name, not its value
    if (given === undefined && String(decl.Type ?? '').startsWith('AWS::SSM::Parameter::Value')) return undefined;
    const raw = given ?? decl.Default;
    if (raw === undefined || raw === null) return undefined;
    if (isListType(decl.Type)) {
      return Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((s) => s.trim());
    }
    return String(raw);
  }

  /** `Fn::Sub` in both forms; undefined when a variable is not known. */
  private sub(arg: Json): string | undefined {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], this.value(arg[1] ?? {})] : [undefined, {}];
    if (typeof text !== 'string') return undefined;
    let unknown = false;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const v = vars && typeof vars === 'object' && name in vars ? vars[name] : name.includes('.') ? undefined : this.ref(name);
      if (!isScalar(v)) {
        unknown = true;
        return whole;
      }
      return String(v);
    });
    return unknown ? undefined : out;
  }
}

/**
 * `Fn::Split` of a `Fn::Join` with the same delimiter, of references to resources (which hold
 * no delimiter): the joined list itself. Undefined otherwise.
 */
function joinedReferences(delimiter: Json, text: Json): Json[] | undefined {
  const join = text && typeof text === 'object' ? text['Fn::Join'] : undefined;
  if (typeof delimiter !== 'string' || delimiter === '' || !Array.isArray(join) || join[0] !== delimiter || !Array.isArray(join[1])) return undefined;
  const isReference = (x: Json) => x && typeof x === 'object' && (typeof x.Ref === 'string' || x['Fn::GetAtt'] !== undefined);
  return join[1].every(isReference) ? join[1] : undefined;
}

function isListType(type: Json): boolean {
  const t = String(type ?? '');
  return t === 'CommaDelimitedList' || t.startsWith('List<');
}

function objectOr(v: Json): Record<string, Json> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function isScalar(v: Json): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A value with no intrinsic left in it. */
function isConcrete(v: Json): boolean {
  return isScalar(v) || (Array.isArray(v) && v.every(isConcrete));
}

function normalize(v: Json): Json {
  return Array.isArray(v) ? v.map(normalize) : String(v);
}

/** `Fn::Cidr` of template values: `count` blocks of `2^bits` addresses from the start of `block`; undefined if they are not numbers or do not fit. */
export function cidrs(block: Json, count: Json, bits: Json): string[] | undefined {
  const n = toInt(count);
  const b = toInt(bits);
  return typeof block === 'string' && n !== undefined && b !== undefined ? subdivide(block, n, b) : undefined;
}

function toInt(v: Json): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}
