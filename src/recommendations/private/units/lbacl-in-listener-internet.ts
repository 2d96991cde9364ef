import { aclListenerEntries, openListenerEntries } from '../shared-checks';
import { ACL_DOC, IN, inbound, LB_ACL, PUBLIC, recommendation } from '../unit';

/** LB subnet ACL, internet-facing: inbound from 0.0.0.0/0 on the listener port. */
export const LBACL_IN_LISTENER_INTERNET = recommendation({
  id: 'LBACL-IN-LISTENER-INTERNET',
  location: LB_ACL,
  scheme: PUBLIC,
  direction: IN,
  peer: '0.0.0.0/0',
  port: 'listener',
  reason: 'Requests from clients on the internet.',
  docUrl: ACL_DOC,
  checks: {
    lbAclClient: (kit, { subnet, client }) => aclListenerEntries(kit, subnet, client, LBACL_IN_LISTENER_INTERNET.row),
    lbAclEntries: (kit, { subnet }) => openListenerEntries(kit, subnet, LBACL_IN_LISTENER_INTERNET.row),
  },
  aclEntries: {
    // every client network (0.0.0.0/0 unless clientCidrs narrows it) on each listener port
    listenerPort: (s, port) => (s.internetFacing ? s.clientCidrs.map((cidr) => ({ acl: 'loadBalancer', entryClass: 'CLIENTS_TO_LISTENERS', spec: inbound(cidr, port) })) : []),
  },
});
