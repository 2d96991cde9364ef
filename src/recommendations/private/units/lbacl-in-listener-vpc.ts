import { aclListenerEntries, openListenerEntries } from '../shared-checks';
import { ACL_DOC, IN, inbound, INTERNAL, LB_ACL, recommendation } from '../unit';

/** LB subnet ACL, internal: inbound from the VPC CIDR on the listener port. */
export const LBACL_IN_LISTENER_VPC = recommendation({
  id: 'LBACL-IN-LISTENER-VPC',
  location: LB_ACL,
  scheme: INTERNAL,
  direction: IN,
  peer: 'VPC CIDR',
  port: 'listener',
  reason: 'Requests from clients in the VPC.',
  docUrl: ACL_DOC,
  checks: {
    lbAclClient: (kit, { subnet, client }) => aclListenerEntries(kit, subnet, client, LBACL_IN_LISTENER_VPC.row),
    lbAclEntries: (kit, { subnet }) => openListenerEntries(kit, subnet, LBACL_IN_LISTENER_VPC.row),
  },
  aclEntries: {
    // the VPC CIDR and the client networks of connected networks, on each listener port
    listenerPort: (s, port) => (s.internetFacing ? [] : s.clientCidrs.map((cidr) => ({ acl: 'loadBalancer', entryClass: 'CLIENTS_TO_LISTENERS', spec: inbound(cidr, port) }))),
  },
});
