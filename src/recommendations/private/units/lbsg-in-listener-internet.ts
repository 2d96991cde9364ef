import { listenerIngress, widerIngress } from '../shared-checks';
import { IN, LB_SG, PUBLIC, recommendation, SG_DOC, tcpRule } from '../unit';

/** LB SG, internet-facing: inbound from 0.0.0.0/0 on the listener port. */
export const LBSG_IN_LISTENER_INTERNET = recommendation({
  id: 'LBSG-IN-LISTENER-INTERNET',
  location: LB_SG,
  scheme: PUBLIC,
  direction: IN,
  peer: '0.0.0.0/0',
  port: 'listener',
  reason: 'Clients on the internet reach the listener.',
  docUrl: SG_DOC,
  checks: {
    lbSgClient: (kit, { client }) => listenerIngress(kit, client, LBSG_IN_LISTENER_INTERNET.row),
    lbSgRule: (kit, { rule }) => widerIngress(kit, rule, LBSG_IN_LISTENER_INTERNET.row),
  },
  sgRules: {
    // each client (0.0.0.0/0 unless clientCidrs narrows it, and the clients given) on each listener port
    listenerPort: (s, port) => (s.internetFacing ? [tcpRule('loadBalancer', 'in', { kind: 'clients' }, port, `LBSG-IN-LISTENER-INTERNET: clients on listener port ${port}`)] : []),
  },
});
