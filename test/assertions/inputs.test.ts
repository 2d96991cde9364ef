import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions } from '../../src';
import { indentQuotedContinuations, parseYamlTemplate } from '../../src/assertions/private/inputs/yaml';

const { FlowEndpoint, FlowVerdict, TemplateModel } = assertions;

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const SG_YAML = `
Parameters:
  SSHLocation: { Type: String, Default: 0.0.0.0/0 }
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: '22', ToPort: '22', CidrIp: !Ref SSHLocation }
`;

describe('YAML templates', () => {
  test('short-form tags become their long forms', () => {
    // GIVEN every short form, scalar and list
    const t = parseYamlTemplate([
      'A: !Ref X', 'B: !GetAtt R.Outputs.Name', 'C: !GetAtt [R, Arn]', 'D: !Sub "${AWS::Region}-x"', 'E: !Sub ["${a}", { a: !Ref P }]',
      'F: !Join [",", [a, b]]', 'G: !Select [0, !Split [",", !ImportValue shared]]', 'H: !If [C, !Equals [a, b], !Not [!Condition D]]',
      'I: !And [!Or [!Condition A, !Condition B], !Condition C]', 'J: !FindInMap [M, !Ref "AWS::Region", k]', 'K: !GetAZs ""',
      'L: !Base64 x', 'M: !Cidr [10.0.0.0/16, 2, 8]',
    ].join('\n'), 't.yaml');
    // THEN
    expect(t).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['R', 'Outputs.Name'] },
      C: { 'Fn::GetAtt': ['R', 'Arn'] },
      D: { 'Fn::Sub': '${AWS::Region}-x' },
      E: { 'Fn::Sub': ['${a}', { a: { Ref: 'P' } }] },
      F: { 'Fn::Join': [',', ['a', 'b']] },
      G: { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'shared' }] }] },
      H: { 'Fn::If': ['C', { 'Fn::Equals': ['a', 'b'] }, { 'Fn::Not': [{ Condition: 'D' }] }] },
      I: { 'Fn::And': [{ 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }, { Condition: 'C' }] },
      J: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'k'] },
      K: { 'Fn::GetAZs': '' },
      L: { 'Fn::Base64': 'x' },
      M: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
    });
  });

  test('YAML 1.1 as CloudFormation reads it: yes/on booleans, y/n strings, no timestamps, keys as written, folded strings', () => {
    const t = parseYamlTemplate('Version: 2010-09-09\na: yes\nb: On\nc: n\nd: y\non: x\ne: >\n  folded\n  text\nf: plain\n  multi-line\n', 't.yaml');
    expect(t).toEqual({ Version: '2010-09-09', a: true, b: true, c: 'n', d: 'y', on: 'x', e: 'folded text\n', f: 'plain multi-line' });
  });

  test('a quoted string whose continuation is not indented under its key is read as CloudFormation reads it', () => {
    // GIVEN the upstream template with such a string (awslabs FindInMap_Inside_Sub.yaml, line 104)
    const text = fs.readFileSync(path.join(__dirname, 'corpus', 'yaml', 'awslabs-findinmap-inside-sub.yaml'), 'utf-8');
    // WHEN
    const t = parseYamlTemplate(text, 'f.yaml');
    // THEN the line break folds to one space
    expect(t.Outputs.WebConsoleInstructions.Value).toBe('Log in to the web console, navigate to the EC2 service section, select instances on the left, '
      + 'select your instance from the list, click "actions" above the list, mouse over Instance Settings, click View/Change User Data.');
    expect(indentQuotedContinuations("a:\n  b: 'x\n  y'\n")).toBe("a:\n  b: 'x\n   y'\n");
    expect(indentQuotedContinuations("a: 'it''s'\nb: 1\n")).toBe("a: 'it''s'\nb: 1\n");
  });

  test.each([
    ['a: [1\n', 'bad.yaml:2:1: not a YAML template (Flow sequence in block collection must be sufficiently indented and end with a ])'],
    ['a: !Foo x\n', 'bad.yaml:1:4: not a YAML template (Unresolved tag: !Foo)'],
    ['a: &x 1\nb: *x\n', 'bad.yaml:2:4: YAML aliases (*x) are not supported by CloudFormation'],
    ['a: !GetAtt nodot\n', "bad.yaml:1:12: !GetAtt expects Resource.Attribute, got 'nodot'"],
    ['', 'bad.yaml: empty YAML document, not a template'],
  ])('fails on %j with the file and the line', (text, error) => {
    expect(() => parseYamlTemplate(text, 'bad.yaml')).toThrow(error);
  });

  test('fromYamlString reads parameters through short forms (SSH from the default 0.0.0.0/0 is allowed)', () => {
    const m = TemplateModel.fromYamlString(SG_YAML);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('Sg'), 22).verdict).toBe(FlowVerdict.ALLOWED);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('Sg'), 80).verdict).toBe(FlowVerdict.BLOCKED);
  });

  test('fromFile tells YAML from JSON by the content, not the extension', () => {
    // GIVEN a YAML template named .json and a JSON one named .yaml
    const dir = tmp({ 'y.json': SG_YAML, 'j.yaml': JSON.stringify(parseYamlTemplate(SG_YAML, 'x')) });
    for (const f of ['y.json', 'j.yaml']) {
      const m = TemplateModel.fromFile(path.join(dir, f), { parameters: { SSHLocation: '10.0.0.0/8' } });
      expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('Sg'), 22).verdict).toBe(FlowVerdict.BLOCKED);
    }
  });

  test('fails on a broken JSON file with the file (and the line where the JSON parser gives a position)', () => {
    const dir = tmp({ 'b.json': '{\n  "Resources": {\n    "A": ,\n  }\n}' });
    expect(() => TemplateModel.fromFile(path.join(dir, 'b.json'))).toThrow(new RegExp(`^${path.join(dir, 'b.json')}(:3)?: not a JSON template \\(Unexpected token`));
  });
});

const NETWORK = {
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    LbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'lb', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] } },
  },
  Outputs: { LbSg: { Value: { 'Fn::GetAtt': ['LbSg', 'GroupId'] }, Export: { Name: { 'Fn::Sub': '${Env}-lb-sg' } } } },
  Parameters: { Env: { Type: 'String', Default: 'prod' } },
};
const APP = {
  Parameters: { Env: { Type: 'String', Default: 'prod' } },
  Resources: {
    Host: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'hosts', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::ImportValue': { 'Fn::Sub': '${Env}-lb-sg' } } }] } },
  },
};

describe('several template files at once', () => {
  test('an import resolves to what another file exports; ids are prefixed by the file name', () => {
    // GIVEN
    const dir = tmp({ 'network.json': JSON.stringify(NETWORK), 'app.template.yaml': JSON.stringify(APP) });
    // WHEN
    const m = TemplateModel.fromFiles([path.join(dir, 'network.json'), path.join(dir, 'app.template.yaml')]);
    // THEN the hosts admit the load balancer's group of the other stack
    const r = m.evaluate(FlowEndpoint.securityGroup('network/LbSg'), FlowEndpoint.securityGroup('app/Host'), 8080);
    expect(r.verdict).toBe(FlowVerdict.ALLOWED);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('app/Host'), 8080).verdict).toBe(FlowVerdict.BLOCKED);
  });

  test('an export named after a parameter the caller changes in one stack only is not found: the import stays a symbol', () => {
    const dir = tmp({ 'network.json': JSON.stringify(NETWORK), 'app.json': JSON.stringify(APP) });
    const m = TemplateModel.fromFiles([path.join(dir, 'network.json'), path.join(dir, 'app.json')], { parameters: { 'app/Env': 'test' } });
    expect(m.evaluate(FlowEndpoint.securityGroup('network/LbSg'), FlowEndpoint.securityGroup('app/Host'), 8080).verdict).not.toBe(FlowVerdict.ALLOWED);
  });

  test('one file keeps its logical ids', () => {
    const dir = tmp({ 'network.json': JSON.stringify(NETWORK) });
    expect(() => TemplateModel.fromFiles([path.join(dir, 'network.json')]).evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('LbSg'), 443)).not.toThrow();
  });

  test.each([
    [{ Nope: 'x' }, "TemplateModel: parameter 'Nope' is not declared by any of the stacks (network, app); name a parameter Name (every stack that declares it) or Stack/Name"],
    [{ 'network/Nope': 'x' }, "TemplateModel: parameter 'network/Nope' is not declared by any of the stacks (network, app)"],
  ])('fails on a parameter no stack declares: %j', (parameters, error) => {
    const dir = tmp({ 'network.json': JSON.stringify(NETWORK), 'app.json': JSON.stringify(APP) });
    expect(() => TemplateModel.fromFiles([path.join(dir, 'network.json'), path.join(dir, 'app.json')], { parameters })).toThrow(error);
  });

  test('fails on no file', () => {
    expect(() => TemplateModel.fromFiles([])).toThrow('TemplateModel.fromFiles: `paths` is empty; give at least one template file');
  });
});

describe('a cloud assembly as a whole', () => {
  function synth(withNested: boolean): string {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'asm-')) });
    const net = new Stack(app, 'NetworkStack');
    const vpc = new ec2.Vpc(net, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const sg = new ec2.SecurityGroup(net, 'LbSg', { vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    const appStack = new Stack(app, 'AppStack');
    const scope = withNested ? new NestedStack(appStack, 'Lb') : appStack;
    const lb = new elbv2.ApplicationLoadBalancer(scope, 'Alb', { vpc, internetFacing: true, securityGroup: sg });
    lb.addListener('L', { port: 443, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    return app.synth().directory;
  }

  test.each([[false], [true]])('a load balancer in one stack (nested: %s) over the VPC and group of another is read across the stacks', (nested) => {
    // GIVEN a cdk.out with two stacks (cross-stack references: Fn::ImportValue), the load balancer in a nested stack or not
    const m = TemplateModel.fromCloudAssembly(synth(nested));
    // THEN its subnets and group come from NetworkStack, its listener from AppStack
    expect(m.loadBalancerIds).toHaveLength(1);
    expect(m.loadBalancerIds[0]).toMatch(nested ? /^AppStack\/LbNestedStackLbNestedStackResource[0-9A-F]{8}\/Alb[0-9A-F]{8}$/ : /^AppStack\/Alb[0-9A-F]{8}$/);
    const r = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource(m.loadBalancerIds[0]), 443);
    expect(r.verdict).toBe(FlowVerdict.ALLOWED);
    expect(r.explanation).toMatch(/NetworkStack\/VpcPublicSubnet1RouteTable[0-9A-F]{8} of NetworkStack\/VpcPublicSubnet1Subnet[0-9A-F]{8}/);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource(m.loadBalancerIds[0]), 80).verdict).toBe(FlowVerdict.BLOCKED);
  });

  test('fails on a directory without manifest.json', () => {
    const dir = tmp({});
    expect(() => TemplateModel.fromCloudAssembly(dir)).toThrow(`${dir}: not a cloud assembly (no manifest.json)`);
  });
});
