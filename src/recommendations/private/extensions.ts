import { ExtensionUnit, inbound, outbound, repliesFromAnywhere, tcpRule } from './unit';
import { EPHEMERAL_PORTS } from '../../private/network-util';
// Internal: the entries `LoadBalancerNetworkAcls` adds that no documented row asks for, one unit
// each (the README's "What the constructs add to the tables, and why"). They are not in
// `Recommendations.all()` and have no check of their own: the checks prove the documented rows, the
// flows report shows what these let through.

/** An internal load balancer's replies to clients of connected networks (outside the VPC). */
export const CLIENT_RETURNS: ExtensionUnit = {
  id: 'client-returns',
  reason: 'Clients of connected networks get their replies: network ACLs are stateless.',
  aclEntries: {
    built: (s) => (s.internetFacing ? [] : s.clientCidrs.filter((c) => c !== s.vpcCidr)
      .map((cidr) => ({ acl: 'loadBalancer', entryClass: 'REPLIES_TO_CLIENTS', spec: outbound(cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }))),
  },
};

/** NAT gateways in the load balancer's subnets: the VPC -> NAT -> internet, and the replies. */
export const NAT_GATEWAYS: ExtensionUnit = {
  id: 'nat-gateways',
  reason: 'A network ACL applies to everything in its subnet: the NAT gateways there keep carrying the VPC\'s outbound traffic.',
  aclEntries: {
    built: (s) => (s.natPresent && s.natPorts.length > 0 ? [
      ...s.natPorts.flatMap((port) => [
        { acl: 'loadBalancer' as const, entryClass: 'VPC_TO_NAT' as const, spec: inbound(s.vpcCidr, port) }, // targets' outbound traffic to the NAT gateway
        { acl: 'loadBalancer' as const, entryClass: 'TO_ANYWHERE' as const, spec: outbound('0.0.0.0/0', port) }, // NAT gateway to the internet
      ]),
      repliesFromAnywhere('loadBalancer'), // replies from the internet to the NAT gateway
      { acl: 'loadBalancer', entryClass: 'REPLIES_TO_VPC', spec: outbound(s.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }, // replies from the NAT gateway to the targets
    ] : []),
  },
};

/** Path MTU discovery in the targets' subnets (ICMP type 3 code 4 from the VPC), as TGSG-IN-ICMP-PMTU allows in their group. */
export const TARGET_PATH_MTU: ExtensionUnit = {
  id: 'target-path-mtu',
  reason: 'The targets\' network ACL lets through what their security group accepts for path MTU discovery.',
  aclEntries: {
    built: (s) => (s.networkTargets ? [{ acl: 'target', entryClass: 'PATH_MTU', spec: { egress: false, cidr: s.vpcCidr, protocol: 'icmp', fromPort: 3, toPort: 4 } }] : []),
  },
};

/**
 * Clients of an internal load balancer may live in the target subnets (services calling each
 * other through it): their requests leave the target subnets on the listener ports, and the
 * replies come back on the ephemeral ports.
 */
export const CLIENTS_IN_TARGET_SUBNETS: ExtensionUnit = {
  id: 'clients-in-target-subnets',
  reason: 'Services in the target subnets can call each other through an internal load balancer.',
  aclEntries: {
    listenerPort: (s, port) => (!s.internetFacing && !s.sharedAcl ? [{ acl: 'target', entryClass: 'CLIENTS_IN_TARGET_SUBNETS', spec: outbound(s.vpcCidr, port) }] : []),
    built: (s) => (!s.internetFacing && !s.sharedAcl ? [{ acl: 'target', entryClass: 'REPLIES_FROM_VPC', spec: inbound(s.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }] : []),
  },
};

/** The targets' own outbound traffic (`targetOutboundPorts`) and its replies, from the internet and from S3. */
export const TARGETS_OUTBOUND: ExtensionUnit = {
  id: 'targets-outbound',
  reason: 'Targets usually need HTTPS (AWS APIs, image pulls, packages); replies from S3 come from S3\'s public addresses, which an ACL cannot name.',
  sgRules: {
    built: (s) => s.outboundPorts.map((port) => tcpRule('target', 'out', { kind: 'cidr', cidr: '0.0.0.0/0' }, port, `Targets' own outbound traffic on TCP ${port} (targetOutboundPorts)`)),
  },
  aclEntries: {
    built: (s) => [
      ...s.outboundPorts.map((port) => ({ acl: 'target' as const, entryClass: 'TO_ANYWHERE' as const, spec: outbound('0.0.0.0/0', port) })),
      ...s.outboundPorts.length > 0 ? [repliesFromAnywhere('target')] : [],
    ],
  },
};

/** IP targets outside the VPC (`targetCidrs`): each port the load balancer sends to, and the replies. */
export const TARGET_NETWORKS: ExtensionUnit = {
  id: 'target-networks',
  reason: 'IP targets in peered VPCs or on premises get the load balancer\'s requests, and it their replies.',
  aclEntries: {
    targetPort: (s, port) => s.targetCidrs.flatMap((cidr) => [
      { acl: 'loadBalancer' as const, entryClass: 'TO_TARGET_NETWORKS' as const, spec: outbound(cidr, port) },
      { acl: 'loadBalancer' as const, entryClass: 'REPLIES_FROM_TARGET_NETWORKS' as const, spec: inbound(cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) },
    ]),
  },
};

/** Every extension, in the README's order. */
export const EXTENSIONS: ExtensionUnit[] = [
  TARGETS_OUTBOUND, NAT_GATEWAYS, CLIENT_RETURNS, CLIENTS_IN_TARGET_SUBNETS, TARGET_NETWORKS, TARGET_PATH_MTU,
];
