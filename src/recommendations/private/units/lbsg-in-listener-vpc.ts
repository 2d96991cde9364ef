import { listenerIngress, widerIngress } from '../shared-checks';
import { IN, INTERNAL, LB_SG, recommendation, SG_DOC, tcpRule } from '../unit';

/** LB SG, internal: inbound from the VPC CIDR (and the client networks) on the listener port. */
export const LBSG_IN_LISTENER_VPC = recommendation({
  id: 'LBSG-IN-LISTENER-VPC',
  location: LB_SG,
  scheme: INTERNAL,
  direction: IN,
  peer: 'VPC CIDR and client networks',
  port: 'listener',
  reason: 'Clients in the VPC or in connected networks reach the listener.',
  docUrl: SG_DOC,
  checks: {
    lbSgClient: (kit, { client }) => listenerIngress(kit, client, LBSG_IN_LISTENER_VPC.row),
    lbSgRule: (kit, { rule }) => widerIngress(kit, rule, LBSG_IN_LISTENER_VPC.row),
  },
  sgRules: {
    listenerPort: (s, port) => (s.internetFacing ? [] : [tcpRule('loadBalancer', 'in', { kind: 'clients' }, port, `LBSG-IN-LISTENER-VPC: clients on listener port ${port}`)]),
  },
});
