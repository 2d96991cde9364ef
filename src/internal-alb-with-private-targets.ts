import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { blocksOverlap } from './private/network-util';
import { Ipv4Cidr, parseIpv4Cidr, vpcCidrOf } from './private/validate';
import { SecureAlbBase } from './secure-alb-base';
import { SecureAlbOptions } from './secure-alb-options';

const OWNER = 'InternalAlbWithPrivateTargets';

/**
 * Properties of an `InternalAlbWithPrivateTargets`.
 */
export interface InternalAlbWithPrivateTargetsProps extends SecureAlbOptions {
  /**
   * The VPC.
   *
   * @default - a new VPC in 2 availability zones with a public subnet group (NAT gateways only),
   * an isolated `LoadBalancer` subnet group for the load balancer, a private `Targets` subnet group
   * with egress, and VPC flow logs
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the load balancer: private ones (isolated or with egress). Public subnets are
   * refused.
   *
   * @default - the `LoadBalancer` subnet group of the default VPC; for a given VPC, its private
   * subnets with egress (its isolated subnets when it has none)
   */
  readonly loadBalancerSubnets?: ec2.SubnetSelection;

  /**
   * The subnets of the targets. When they are the load balancer's subnets, one network ACL carries
   * both sets of entries.
   *
   * @default - the `Targets` subnet group of the default VPC; for a given VPC, the same default
   * as `loadBalancerSubnets`
   */
  readonly targetSubnets?: ec2.SubnetSelection;

  /**
   * IPv4 CIDR blocks of client networks outside the VPC (a peered VPC, a transit-gateway
   * attachment, on premises) allowed on the listener port, in addition to the VPC's own CIDR.
   * `0.0.0.0/0` is refused: an internal load balancer is never open to everyone.
   *
   * @default - only the VPC's CIDR
   */
  readonly clientCidrs?: string[];

  /**
   * Clients allowed on the listener port by security group (for example a client security group
   * in the same VPC). Network ACLs cannot name security groups: clients outside the VPC also need
   * their network in `clientCidrs`.
   *
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];

  /**
   * A friendly DNS name for the load balancer (for example `alb.home` or
   * `web.internal.example.com`): an alias A record in a Route 53 private hosted zone.
   *
   * @default - no DNS record; use `loadBalancerDnsName`
   */
  readonly privateDnsName?: string;

  /**
   * The private hosted zone for `privateDnsName`; the name must be in the zone.
   *
   * @default - a new private hosted zone named `privateDnsName` itself (so the construct claims
   * that one name, not its parent domain), associated with the VPC
   */
  readonly privateHostedZone?: route53.IHostedZone;

  /**
   * Client VPCs that must resolve `privateDnsName`: the private hosted zone is associated with
   * them. This is DNS only; allow their networks with `clientCidrs`.
   *
   * @default - none
   */
  readonly clientVpcs?: ec2.IVpc[];
}

/**
 * An internal Application Load Balancer in private subnets with targets in private subnets,
 * reachable from the VPC and from the connected networks you name, locked down the way the
 * Elastic Load Balancing guide recommends (internal variants of the tables, extended to exactly the
 * allowed client networks), with an optional private DNS name.
 */
export class InternalAlbWithPrivateTargets extends SecureAlbBase {
  /** The private hosted zone of `privateDnsName`, when there is one. */
  public readonly privateHostedZone?: route53.IHostedZone;
  /** The alias record of `privateDnsName`, when there is one. */
  public readonly dnsRecord?: route53.ARecord;

  constructor(scope: Construct, id: string, props: InternalAlbWithPrivateTargetsProps = {}) {
    validateDnsOptions(props);
    const parsedClients = validateClientCidrs(props.clientCidrs ?? []);
    const privateDefault: ec2.SubnetSelection = props.vpc
      ? { subnetType: props.vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED }
      : { subnetGroupName: 'LoadBalancer' };
    const loadBalancerSubnets = props.loadBalancerSubnets ?? privateDefault;
    if (props.vpc) {
      refusePublicSubnets(props.vpc, loadBalancerSubnets);
      refuseClientsInsideVpc(parsedClients, vpcCidrOf(OWNER, props.vpc));
    }
    super(scope, id, {
      ...props,
      defaultVpcSubnets: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'Targets', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      internetFacing: false,
      loadBalancerSubnets,
      targetSubnets: props.targetSubnets ?? (props.vpc ? privateDefault : { subnetGroupName: 'Targets' }),
    });
    const vpc = this.vpc;
    if (!props.vpc) {
      // the VPC made here: its CIDR is known only now
      refusePublicSubnets(vpc, loadBalancerSubnets);
      refuseClientsInsideVpc(parsedClients, vpcCidrOf(OWNER, vpc));
    }

    if (props.privateDnsName) {
      const zone = props.privateHostedZone ?? new route53.PrivateHostedZone(this, 'PrivateZone', {
        zoneName: props.privateDnsName,
        vpc,
      });
      for (const [i, clientVpc] of (props.clientVpcs ?? []).entries()) {
        if (!(zone instanceof route53.PrivateHostedZone)) {
          throw new Error(`${OWNER}: \`clientVpcs\` needs a private hosted zone this app manages; associate \`clientVpcs[${i}]\` with the zone you passed in \`privateHostedZone\` where that zone is defined`);
        }
        zone.addVpc(clientVpc);
      }
      this.privateHostedZone = zone;
      this.dnsRecord = new route53.ARecord(this, 'DnsRecord', {
        zone,
        recordName: props.privateDnsName,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
  }
}

function validateDnsOptions(props: InternalAlbWithPrivateTargetsProps): void {
  const name = props.privateDnsName;
  if (name === undefined) {
    if (props.privateHostedZone || (props.clientVpcs && props.clientVpcs.length > 0)) {
      throw new Error(`${OWNER}: \`${props.privateHostedZone ? 'privateHostedZone' : 'clientVpcs'}\` is set but \`privateDnsName\` is not; name the record (for example 'alb.home')`);
    }
    return;
  }
  if (Token.isUnresolved(name)) {
    throw new Error(`${OWNER}: \`privateDnsName\` must be a literal DNS name such as 'alb.home', got an unresolved token`);
  }
  const label = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
  if (name.length > 253 || !new RegExp(`^${label}(\\.${label})+$`).test(name)) {
    throw new Error(`${OWNER}: \`privateDnsName\` must be a lower-case DNS name with at least two labels, such as 'alb.home', got '${name}'`);
  }
  const zone = props.privateHostedZone;
  if (zone && !Token.isUnresolved(zone.zoneName)) {
    const zoneName = zone.zoneName.replace(/\.$/, '');
    if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
      throw new Error(`${OWNER}: \`privateDnsName\` '${name}' is not in the zone \`privateHostedZone\` ('${zoneName}')`);
    }
  }
}

function refusePublicSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection): void {
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const selected = vpc.selectSubnets(selection).subnets;
  const offending = selected.filter((s) => publicIds.has(s.subnetId));
  if (offending.length > 0) {
    throw new Error(`${OWNER}: \`loadBalancerSubnets\` selects ${offending.length} public subnet(s) (${offending.map((s) => s.node.path).join(', ')}); an internal load balancer belongs in private subnets (isolated or with egress)`);
  }
}

/** Each client CIDR is a literal, not everyone, and listed once (no overlaps). */
function validateClientCidrs(cidrs: string[]): Ipv4Cidr[] {
  const parsed = cidrs.map((c, i) => {
    if (c === '0.0.0.0/0' || c === '::/0') {
      throw new Error(`${OWNER}: \`clientCidrs[${i}]\` is '${c}', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')`);
    }
    return parseIpv4Cidr(OWNER, `clientCidrs[${i}]`, c);
  });
  parsed.forEach((a, i) => parsed.slice(0, i).forEach((b, j) => {
    if (blocksOverlap(a, b)) {
      throw new Error(`${OWNER}: \`clientCidrs[${i}]\` ('${a.cidr}') overlaps \`clientCidrs[${j}]\` ('${b.cidr}'); list each client network once`);
    }
  }));
  return parsed;
}

/** Clients inside the VPC are allowed already (checked when the VPC's CIDR is a literal). */
function refuseClientsInsideVpc(clients: Ipv4Cidr[], vpcCidr: string): void {
  if (Token.isUnresolved(vpcCidr)) {
    return;
  }
  const vpc = parseIpv4Cidr(OWNER, 'vpc.vpcCidrBlock', vpcCidr);
  clients.forEach((a, i) => {
    if (blocksOverlap(a, vpc)) {
      throw new Error(`${OWNER}: \`clientCidrs[${i}]\` ('${a.cidr}') overlaps the VPC's CIDR ('${vpc.cidr}'); clients in the VPC are allowed already, list only networks outside it`);
    }
  });
}
