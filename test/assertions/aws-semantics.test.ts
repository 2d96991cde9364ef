import { symbol } from '../../src/assertions/private/addresses';
import { EndpointSpec, Reachability, StepResult } from '../../src/assertions/private/reach';
import { TemplateReader } from '../../src/assertions/private/reader';

/**
 * The model against AWS's own semantics (issue #35), one minimal hand-written template per
 * semantic, every step of the flow worked out by hand, as Reachability Analyzer and the VPC user
 * guide read them:
 * https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */

type Row = [string, 'ALLOW' | 'BLOCK' | 'UNKNOWN', string, string];

function row(s: StepResult): Row {
  return [s.name, s.allowed ? 'ALLOW' : s.unknown ? 'UNKNOWN' : 'BLOCK', s.decidedBy, s.detail];
}

function evaluate(template: object, src: EndpointSpec, dst: EndpointSpec, port = 443) {
  const result = new Reachability(new TemplateReader(template)).evaluate(src, dst, port);
  return { allowed: result.allowed, steps: result.steps.map(row) };
}

const inSubnet = (s: string): EndpointSpec => ({ label: `in ${s}`, groups: [], subnets: [s], address: symbol(`x ${s}`) });
const EPH = 'TCP 1024-3388, 3390-65535';
const SRC_OUT = 'source subnet network ACL outbound';
const DST_IN = 'destination subnet network ACL inbound';
const DST_OUT = 'return: destination subnet network ACL outbound (ephemeral ports)';
const SRC_IN = 'return: source subnet network ACL inbound (ephemeral ports)';
const vpc = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } };
const subnet = (id: string, cidr: string) => ({ [id]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: cidr } } });
const dacl = (name: string, s: string, traffic: string): Row => [name, 'ALLOW', `${s}: default network ACL`, `the subnet uses the VPC's default network ACL, which allows all ${traffic}`];

describe('AWS semantics, one template each', () => {
  test('an ACL entry whose RuleNumber is unresolved may stand before a deny: the flow it could decide is UNKNOWN, naming the entry', () => {
    // GIVEN a subnet whose ACL allows TCP 443 from the VPC by an entry numbered by a parameter
    // without a value, and denies everything at 200: the allow may be evaluated first or not
    const template = {
      Parameters: { AllowNumber: { Type: 'Number' } },
      Resources: {
        ...vpc,
        ...subnet('Client', '10.0.1.0/24'),
        ...subnet('Server', '10.0.2.0/24'),
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        Assoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'Server' }, NetworkAclId: { Ref: 'Acl' } } },
        AllowHttps: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: { Ref: 'AllowNumber' }, RuleAction: 'allow', Egress: false, Protocol: 6, PortRange: { From: 443, To: 443 }, CidrBlock: '10.0.0.0/16' },
        },
        DenyAll: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 200, RuleAction: 'deny', Egress: false, Protocol: -1, CidrBlock: '0.0.0.0/0' },
        },
        AllowOut: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, RuleAction: 'allow', Egress: true, Protocol: -1, CidrBlock: '0.0.0.0/0' },
        },
      },
    };

    // WHEN
    const result = evaluate(template, inSubnet('Client'), inSubnet('Server'));

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: [
        dacl(SRC_OUT, 'Client', 'TCP 443 to 10.0.2.0/24'),
        [DST_IN, 'UNKNOWN', 'AllowHttps',
          'entry AllowHttps of Acl allows TCP 443 from 10.0.1.0/24, but RuleNumber is {Ref AllowNumber}, which the model cannot resolve: whether it is evaluated before entry 200 (DenyAll), which denies it, is unknown'],
        [DST_OUT, 'ALLOW', 'AllowOut', `entry 100 (AllowOut) of Acl allows ${EPH} to 10.0.1.0/24`],
        dacl(SRC_IN, 'Client', `${EPH} from 10.0.2.0/24`),
      ],
    });
  });
});
