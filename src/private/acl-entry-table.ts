import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** How many rule numbers the band of one ACL direction spans. */
export const RULE_NUMBER_BAND = 100;

/** One entry before it becomes a CloudFormation resource. */
export interface AclEntrySpec {
  readonly egress: boolean;
  readonly cidr: string;
  readonly protocol: 'tcp' | 'icmp';
  /** The first port (TCP) or the ICMP type. */
  readonly fromPort: number;
  /** The last port (TCP) or the ICMP code. */
  readonly toPort: number;
}

/**
 * A class of entries: what they are for, and the sub-band of rule numbers they occupy. Classes are
 * by content, so the entries of a class stay in their sub-band whatever else the ACL holds: a change
 * of one prop renumbers nothing outside its own class.
 */
export interface AclEntryClass {
  readonly name: string;
  readonly egress: boolean;
  /** The first rule number of the sub-band, relative to the band's base. */
  readonly offset: number;
  /** How many rule numbers the sub-band spans. */
  readonly capacity: number;
  /** What the entries are for, in the terms of the props (for errors and docs). */
  readonly purpose: string;
}

function cls(name: string, egress: boolean, offset: number, capacity: number, purpose: string): AclEntryClass {
  return { name, egress, offset, capacity, purpose };
}

/**
 * The layout of a band (rule numbers relative to `ruleNumberBase`). Spare numbers at the end of each
 * direction leave room for classes to come without moving these.
 */
export const ACL_ENTRY_CLASSES = {
  /** Inbound: clients to the listener ports. */
  CLIENTS_TO_LISTENERS: cls('clients to listeners', false, 0, 30, 'listener ports × client networks'),
  /** Inbound: replies from the VPC on the ephemeral ports. */
  REPLIES_FROM_VPC: cls('replies from the VPC', false, 30, 5, 'ephemeral ports from the VPC'),
  /** Inbound: the targets' outbound traffic reaching a NAT gateway in the load balancer subnets. */
  VPC_TO_NAT: cls('targets to the NAT gateway', false, 35, 15, 'targetOutboundPorts from the VPC'),
  /** Inbound: replies from anywhere (internet, S3) on the ephemeral ports. */
  REPLIES_FROM_ANYWHERE: cls('replies from anywhere', false, 50, 5, 'ephemeral ports from 0.0.0.0/0'),
  /** Inbound: the load balancer to the targets (target and health-check ports). */
  LOAD_BALANCER_TO_TARGETS_IN: cls('load balancer to targets', false, 55, 25, 'target and health-check ports from the VPC'),
  /** Inbound: ICMP "fragmentation needed" for path MTU discovery. */
  PATH_MTU: cls('path MTU discovery', false, 80, 5, 'ICMP type 3 code 4 from the VPC'),
  /** Inbound: replies from IP targets outside the VPC on the ephemeral ports. */
  REPLIES_FROM_TARGET_NETWORKS: cls('replies from target networks', false, 85, 10, 'ephemeral ports from each of targetCidrs'),
  /** Inbound: replies from identity providers (user authentication on a listener). */
  REPLIES_FROM_IDENTITY_PROVIDERS: cls('replies from identity providers', false, 95, 5, 'ephemeral ports from each of identityProviderCidrs'),

  /** Outbound: the load balancer to the targets (target and health-check ports). */
  LOAD_BALANCER_TO_TARGETS_OUT: cls('load balancer to targets', true, 0, 25, 'target and health-check ports to the VPC'),
  /** Outbound: replies to the VPC on the ephemeral ports. */
  REPLIES_TO_VPC: cls('replies to the VPC', true, 25, 5, 'ephemeral ports to the VPC'),
  /** Outbound: replies to anywhere (internet clients) on the ephemeral ports. */
  REPLIES_TO_ANYWHERE: cls('replies to anywhere', true, 30, 5, 'ephemeral ports to 0.0.0.0/0'),
  /** Outbound: replies to client networks outside the VPC. */
  REPLIES_TO_CLIENTS: cls('replies to client networks', true, 35, 25, 'ephemeral ports to each client network outside the VPC'),
  /** Outbound: the targets' own outbound traffic (directly or through a NAT gateway). */
  TO_ANYWHERE: cls('outbound to anywhere', true, 60, 20, 'targetOutboundPorts to 0.0.0.0/0'),
  /** Outbound: the load balancer to IP targets outside the VPC. */
  TO_TARGET_NETWORKS: cls('load balancer to target networks', true, 80, 10, 'target and health-check ports to each of targetCidrs'),
  /** Outbound: the load balancer to identity providers on 443 (user authentication on a listener). */
  TO_IDENTITY_PROVIDERS: cls('load balancer to identity providers', true, 90, 5, 'HTTPS to each of identityProviderCidrs'),
  /** Outbound: clients in the target subnets to an internal load balancer's listener ports. */
  CLIENTS_IN_TARGET_SUBNETS: cls('clients in the target subnets to listeners', true, 95, 5, 'listener ports to the VPC'),
} as const;

const CLASS_ORDER: AclEntryClass[] = Object.values(ACL_ENTRY_CLASSES);

interface Held {
  readonly spec: AclEntrySpec;
  /** The classes that asked for this entry; it sits in the lowest of them. */
  readonly classes: Set<AclEntryClass>;
}

const tables = new WeakMap<ec2.INetworkAcl, AclEntryTable>();

/**
 * The entries this library keeps in one network ACL, slot by slot.
 *
 * Update safety: the construct id (and so the logical id) of every entry is its slot, the direction
 * and the absolute rule number (`Ingress100`, `Egress125`). `RuleNumber`, `Egress` and
 * `NetworkAclId`, the properties whose change replaces an `AWS::EC2::NetworkAclEntry`, are therefore
 * fixed for a logical id: a prop change updates the content of a slot in place (`PortRange`,
 * `CidrBlock`, `Protocol`, `Icmp`), adds slots that no live entry holds, or removes slots (which
 * CloudFormation deletes last). No update creates an entry on a rule number a live entry holds.
 *
 * Entries are deduplicated by content; within a class they are sorted by port, then peer, so the
 * rule numbers do not depend on the order in which constructs asked for them. Each slot depends on
 * the next slot of its class, so that CloudFormation writes a class from its highest slot down: an
 * entry inserted in the middle moves the entries after it up, and each moved content is in its new
 * slot before its old slot is rewritten.
 */
export class AclEntryTable {
  /** The table of an ACL, created on first use. */
  public static of(acl: ec2.NetworkAcl, ruleNumberBase: number, owner: string): AclEntryTable {
    let table = tables.get(acl);
    if (!table) {
      table = new AclEntryTable(acl, ruleNumberBase, owner);
      tables.set(acl, table);
    } else if (table.ruleNumberBase !== ruleNumberBase) {
      throw new Error(`${owner}: the network ACL ${acl.node.path} already uses the rule-number band from ${table.ruleNumberBase}; give every construct that shares it the same \`ruleNumberBase\` (got ${ruleNumberBase})`);
    }
    return table;
  }

  private readonly held = new Map<string, Held>();
  private readonly slots = new Map<string, ec2.CfnNetworkAclEntry>();
  /** The `DependsOn` this table added: each slot waits for the next slot of its class. */
  private readonly waits = new Map<ec2.CfnNetworkAclEntry, ec2.CfnNetworkAclEntry>();

  private constructor(
    private readonly acl: ec2.NetworkAcl,
    public readonly ruleNumberBase: number,
    private readonly owner: string,
  ) {}

  /** The entry resources of this table (the slots in use). */
  public get entries(): ec2.CfnNetworkAclEntry[] {
    return [...this.slots.values()];
  }

  /** The first and last rule number of the band. */
  public get band(): [number, number] {
    return [this.ruleNumberBase, this.ruleNumberBase + RULE_NUMBER_BAND - 1];
  }

  /** Adds an entry of a class (a no-op when an equal entry is there) and lays the slots out again. */
  public add(entryClass: AclEntryClass, spec: AclEntrySpec): void {
    if (entryClass.egress !== spec.egress) {
      throw new Error(`${this.owner}: internal error: a ${spec.egress ? 'outbound' : 'inbound'} entry in the class '${entryClass.name}'`);
    }
    const key = contentKey(spec);
    const held = this.held.get(key);
    if (held) {
      held.classes.add(entryClass);
    } else {
      this.held.set(key, { spec, classes: new Set([entryClass]) });
    }
    this.layOut();
  }

  private layOut(): void {
    const byClass = new Map<AclEntryClass, AclEntrySpec[]>();
    for (const { spec, classes } of this.held.values()) {
      const home = CLASS_ORDER.find((c) => classes.has(c))!;
      byClass.set(home, [...(byClass.get(home) ?? []), spec]);
    }
    const wanted = new Map<string, { ruleNumber: number; spec: AclEntrySpec }>();
    const chains: string[][] = [];
    for (const [entryClass, specs] of byClass) {
      if (specs.length > entryClass.capacity) {
        const first = this.ruleNumberBase + entryClass.offset;
        throw new Error(`${this.owner}: the network ACL ${this.acl.node.path} needs more ${entryClass.egress ? 'outbound' : 'inbound'} entries for ${entryClass.name} (${entryClass.purpose}) than the ${entryClass.capacity} rule numbers ${first}-${first + entryClass.capacity - 1} of that class; use fewer ports or networks`);
      }
      chains.push(specs.sort(compareSpecs).map((spec, i) => {
        const ruleNumber = this.ruleNumberBase + entryClass.offset + i;
        const id = slotId(spec.egress, ruleNumber);
        wanted.set(id, { ruleNumber, spec });
        return id;
      }));
    }
    for (const [slot, next] of this.waits) {
      slot.removeDependency(next);
    }
    this.waits.clear();
    for (const [id, slot] of this.slots) {
      if (!wanted.has(id)) {
        this.acl.node.tryRemoveChild(slot.node.id);
        this.slots.delete(id);
      }
    }
    for (const [id, { ruleNumber, spec }] of wanted) {
      let slot = this.slots.get(id);
      if (!slot) {
        slot = new ec2.CfnNetworkAclEntry(this.acl, id, {
          networkAclId: this.acl.networkAclId,
          ruleNumber,
          egress: spec.egress,
          protocol: -1,
          ruleAction: 'allow',
        });
        this.slots.set(id, slot);
      }
      slot.cidrBlock = spec.cidr;
      if (spec.protocol === 'tcp') {
        slot.protocol = 6;
        slot.portRange = { from: spec.fromPort, to: spec.toPort };
        slot.icmp = undefined;
      } else {
        slot.protocol = 1;
        slot.icmp = { type: spec.fromPort, code: spec.toPort };
        slot.portRange = undefined;
      }
    }
    // An entry added in the middle of a class moves the entries after it up by one slot: the slot
    // that takes over a content must be written before the slot that gives it up, so each slot waits
    // for the next one of its class (the highest is written first).
    for (const chain of chains) {
      for (let i = 0; i + 1 < chain.length; i++) {
        const slot = this.slots.get(chain[i])!;
        const next = this.slots.get(chain[i + 1])!;
        slot.addDependency(next);
        this.waits.set(slot, next);
      }
    }
  }
}

/** The construct id of a slot: direction and absolute rule number. */
function slotId(egress: boolean, ruleNumber: number): string {
  return `${egress ? 'Egress' : 'Ingress'}${ruleNumber}`;
}

function contentKey(spec: AclEntrySpec): string {
  return `${spec.egress ? 'out' : 'in'}|${spec.protocol}|${spec.fromPort}|${spec.toPort}|${Token.isUnresolved(spec.cidr) ? `token:${spec.cidr}` : spec.cidr}`;
}

/** By protocol, then ports, then peer: `0.0.0.0/0` first, then literal CIDRs by address, then tokens. */
function compareSpecs(a: AclEntrySpec, b: AclEntrySpec): number {
  return (a.protocol === b.protocol ? 0 : a.protocol === 'tcp' ? -1 : 1)
    || a.fromPort - b.fromPort
    || a.toPort - b.toPort
    || peerRank(a.cidr).localeCompare(peerRank(b.cidr));
}

function peerRank(cidr: string): string {
  if (cidr === '0.0.0.0/0') return '0';
  if (Token.isUnresolved(cidr)) return `2${cidr}`;
  const [address, prefix] = cidr.split('/');
  return `1${address.split('.').map((o) => o.padStart(3, '0')).join('.')}/${prefix.padStart(2, '0')}`;
}
