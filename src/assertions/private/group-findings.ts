import { RawFinding } from './findings';

/** A CIDR block or an IPv4 address in a message. */
const ADDRESS = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:\/\d{1,2})?\b/g;

/**
 * One finding per thing to fix: the findings of one load balancer that report the same missing or
 * wider rule or entry (same kind, recommendation and resource to change), and differ only in the
 * subnets, addresses or target groups they were found for, become one finding. Its message and fix
 * name every subnet, address and target group once (in the order found), and `affected` lists each
 * subnet pair or target the original findings stood for.
 *
 * `names` are the logical ids that stand for where a rule was checked (subnets, target groups): a
 * word of a message that is one of them, or an address, is a slot; the rest of the message (the
 * ports, the protocol, the rule or ACL, the step) must be the same for two findings to be one.
 */
export function groupFindings(findings: RawFinding[], names: ReadonlySet<string>): RawFinding[] {
  const groups = new Map<string, { first: RawFinding; messages: Slotted[]; fixes: Slotted[] }>();
  for (const f of findings) {
    const message = slotted(f.message, names);
    const fix = slotted(f.fix, names);
    const key = JSON.stringify([f.kind, f.recommendation.id, f.loadBalancer, f.resource, message.shape, fix.shape]);
    const group = groups.get(key);
    if (group) {
      group.messages.push(message);
      group.fixes.push(fix);
    } else {
      groups.set(key, { first: f, messages: [message], fixes: [fix] });
    }
  }
  return [...groups.values()].map(({ first, messages, fixes }) => {
    // what each original finding stood for: its subnet (or target group) and address, when it names a place
    const places = messages.some((m) => m.values.some((v) => names.has(v)));
    const affected = places ? [...new Set(messages.map((m) => [...new Set(m.values)].join(' ↔ ')))] : [];
    if (messages.length === 1) return affected.length > 0 ? { ...first, affected } : first;
    return { ...first, message: merged(messages), fix: merged(fixes), ...(affected.length > 0 ? { affected } : {}) };
  });
}

/** A text cut at its slots: `parts` has one more element than `values`. */
interface Slotted {
  readonly shape: string;
  readonly parts: string[];
  readonly values: string[];
}

function slotted(text: string, names: ReadonlySet<string>): Slotted {
  const parts: string[] = [];
  const values: string[] = [];
  // words that are names of the template (logical ids, possibly prefixed by a stack: `Stack/Id`), and addresses
  const pattern = new RegExp(`${ADDRESS.source}|[A-Za-z0-9_/.-]+`, 'g');
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const word = m[0].replace(/[.]+$/, '');
    if (!(new RegExp(`^${ADDRESS.source}$`).test(word) || names.has(word))) continue;
    parts.push(text.slice(last, m.index));
    values.push(word);
    last = m.index! + word.length;
  }
  parts.push(text.slice(last));
  return { shape: parts.join('\u0000'), parts, values };
}

/** The common text with each slot's values, once each, in the order found. */
function merged(texts: Slotted[]): string {
  const [first] = texts;
  let out = first.parts[0];
  for (let i = 0; i < first.values.length; i++) {
    out += [...new Set(texts.map((t) => t.values[i]))].join(', ') + first.parts[i + 1];
  }
  return out;
}
