import { App, CfnParameter, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { aclEntries, entryKey, l3Rules, logicalIdOf, newStack, ownResources, ruleKey, sgRules, synthReport } from './util';
import { assertions, InternalAlbWithPrivateTargets, Recommendations, SecureAlbBase, SecureAlbService, SecureAlbServiceProps } from '../src';

const TCP = 6;

function build(props: SecureAlbServiceProps = {}, stack = newStack()) {
  const service = new SecureAlbService(stack, 'Web', props);
  const template = Template.fromStack(stack);
  return { stack, service, template, ...l3Rules(template) };
}

describe('SecureAlbService: defaults', () => {
  test('snapshot', () => {
    const { template, service } = build();
    expect(ownResources(template, service, [service.node.tryFindChild('Vpc')])).toMatchSnapshot();
  });

  test('an internet-facing ALB in the public subnets, HTTP 80, invalid header fields dropped, deletion protection on', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: [{ Ref: Match.stringLikeRegexp('PublicSubnet1') }, { Ref: Match.stringLikeRegexp('PublicSubnet2') }],
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 80, Protocol: 'HTTP' });
  });

  test('a new 2-AZ VPC with public and private subnets and flow logs', () => {
    const { template } = build();
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test(`${Recommendations.LB_SG_IN_LISTENER_INTERNET.id}: the load balancer group accepts 0.0.0.0/0 on the listener port`, () => {
    expect(build().lbRules).toContain('in tcp 80 from 0.0.0.0/0');
  });

  test(`${Recommendations.LB_SG_OUT_TARGET.id}: the load balancer group sends to the target group on the target port`, () => {
    const { lbRules, tgSg } = build({ targetPort: 8080 });
    expect(lbRules).toContain(`out tcp 8080 to ${tgSg}.GroupId`);
  });

  test(`${Recommendations.LB_SG_OUT_HEALTH_CHECK.id}: the load balancer group sends to the target group on the health-check port`, () => {
    const { lbRules, tgSg } = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(lbRules).toContain(`out tcp 8081 to ${tgSg}.GroupId`);
  });

  test(`${Recommendations.TARGET_SG_IN_TARGET.id}: the target group accepts the load balancer group on the target port`, () => {
    const { tgRules, lbSg } = build({ targetPort: 8080 });
    expect(tgRules).toContain(`in tcp 8080 from ${lbSg}.GroupId`);
  });

  test(`${Recommendations.TARGET_SG_IN_HEALTH_CHECK.id}: the target group accepts the load balancer group on the health-check port`, () => {
    const { tgRules, lbSg } = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(tgRules).toContain(`in tcp 8081 from ${lbSg}.GroupId`);
  });

  test(`${Recommendations.TARGET_SG_IN_ICMP_PMTU.id}: the target group accepts ICMP 3/4 from the VPC`, () => {
    const { tgRules, vpcCidr } = build();
    expect(tgRules).toContain(`in icmp 3-4 from ${vpcCidr}`);
  });

  test.each([
    [Recommendations.LB_ACL_IN_LISTENER_INTERNET, 'lbAcl', `in ${TCP} 80-80 0.0.0.0/0`],
    [Recommendations.LB_ACL_IN_EPHEMERAL_VPC, 'lbAcl', `in ${TCP} 1024-65535 VPC`],
    [Recommendations.LB_ACL_OUT_TARGET, 'lbAcl', `out ${TCP} 8080-8080 VPC`],
    [Recommendations.LB_ACL_OUT_HEALTH_CHECK, 'lbAcl', `out ${TCP} 8081-8081 VPC`],
    [Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET, 'lbAcl', `out ${TCP} 1024-65535 0.0.0.0/0`],
    [Recommendations.TARGET_ACL_IN_TARGET, 'tgAcl', `in ${TCP} 8080-8080 VPC`],
    [Recommendations.TARGET_ACL_IN_HEALTH_CHECK, 'tgAcl', `in ${TCP} 8081-8081 VPC`],
    [Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC, 'tgAcl', `out ${TCP} 1024-65535 VPC`],
  ] as const)('%p: network ACL entry present', (rec, which, key) => {
    const built = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(rec.location).toMatch(/acl/);
    expect(built[which]).toContain(key.replace('VPC', built.vpcCidr));
  });

  test('the ACLs are associated with the public (load balancer) and private (target) subnets', () => {
    const { template } = build();
    const assoc = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation')).map((r: any) => `${r.Properties.NetworkAclId.Ref} ${r.Properties.SubnetId.Ref}`);
    expect(assoc.filter((a) => /LoadBalancerAcl.* .*PublicSubnet/.test(a))).toHaveLength(2);
    expect(assoc.filter((a) => /TargetAcl.* .*PrivateSubnet/.test(a))).toHaveLength(2);
    expect(assoc).toHaveLength(4);
  });

  test('nothing beyond the recommended set in both groups (inline and separate rules)', () => {
    const { lbRules, tgRules, lbSg, tgSg, vpcCidr } = build({ targetOutboundPorts: [] });
    expect(lbRules.sort()).toEqual(['in tcp 80 from 0.0.0.0/0', `out tcp 80 to ${tgSg}.GroupId`].sort());
    expect(tgRules.sort()).toEqual([
      `in icmp 3-4 from ${vpcCidr}`,
      `in tcp 80 from ${lbSg}.GroupId`,
      'out icmp 252-86 to 255.255.255.255/32', // CDK's placeholder: no outbound at all
    ].sort());
  });

  test('the load balancer group has no egress to S3 or 0.0.0.0/0 although access logs are on', () => {
    const { lbRules, template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    const outbound = lbRules.filter((r) => r.startsWith('out'));
    expect(outbound).toHaveLength(1);
    expect(outbound[0]).toMatch(/^out tcp 80 to .*Targets.*GroupId$/);
  });

  test('access logs go to an SSE-S3 bucket and the load balancer waits for its policy', () => {
    const { template } = build();
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('AccessLogsBucketPolicy')]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('the S3 gateway endpoint is on the target subnets route tables', () => {
    const { template } = build();
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0] as any;
    expect(endpoint.Properties.RouteTableIds.map((r: any) => r.Ref)).toEqual([
      expect.stringMatching(/PrivateSubnet1RouteTable/), expect.stringMatching(/PrivateSubnet2RouteTable/),
    ]);
  });

  test('exposes its parts and is connectable on the listener port', () => {
    const { service } = build();
    expect(service.loadBalancer).toBeInstanceOf(elbv2.ApplicationLoadBalancer);
    expect(service.listener).toBeInstanceOf(elbv2.ApplicationListener);
    expect(service.targetGroup).toBeInstanceOf(elbv2.ApplicationTargetGroup);
    expect(service.accessLogBucket).toBeDefined();
    expect(service.s3Endpoint).toBeDefined();
    expect(service.loadBalancerNetworkAcl).toBeDefined();
    expect(service.targetNetworkAcl).toBeDefined();
    expect(service.redirectListener).toBeUndefined();
    expect(service.connections.securityGroups).toEqual([service.loadBalancerSecurityGroup]);
    expect(service.connections.defaultPort?.toString()).toEqual('80');
  });
});

describe('SecureAlbService: health-check port 8081, target port 8080', () => {
  test('both ports open between the groups and in the ACLs, nothing else', () => {
    const { lbRules, tgRules, lbAcl, tgAcl, lbSg, tgSg, vpcCidr } = build({ targetPort: 8080, healthCheck: { port: '8081' }, targetOutboundPorts: [] });
    expect(lbRules.sort()).toEqual(['in tcp 80 from 0.0.0.0/0', `out tcp 8080 to ${tgSg}.GroupId`, `out tcp 8081 to ${tgSg}.GroupId`].sort());
    expect(tgRules.sort()).toEqual([
      `in icmp 3-4 from ${vpcCidr}`, `in tcp 8080 from ${lbSg}.GroupId`, `in tcp 8081 from ${lbSg}.GroupId`,
      'out icmp 252-86 to 255.255.255.255/32',
    ].sort());
    // The default VPC has NAT gateways in the public subnets; with no outbound ports, no NAT entries.
    expect(lbAcl.sort()).toEqual([
      `in ${TCP} 80-80 0.0.0.0/0`, `in ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 8080-8080 ${vpcCidr}`, `out ${TCP} 8081-8081 ${vpcCidr}`, `out ${TCP} 1024-65535 0.0.0.0/0`,
    ].sort());
    expect(tgAcl.sort()).toEqual([
      `in ${TCP} 8080-8080 ${vpcCidr}`, `in ${TCP} 8081-8081 ${vpcCidr}`, `in 1 icmp3/4 ${vpcCidr}`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
    ].sort());
  });

  test('the target group checks health on 8081', () => {
    const { template } = build({ targetPort: 8080, healthCheck: { port: '8081', path: '/health' } });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, HealthCheckPort: '8081', HealthCheckPath: '/health' });
  });

  test('targets that bring their own security group (auto scaling group) get both ports from the load balancer', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc: service.vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    service.addTarget(asg);
    const template = Template.fromStack(stack);
    const asgSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'AsgInstanceSecurityGroup');
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const asgIn = sgRules(template, asgSg).map(ruleKey);
    expect(asgIn).toEqual(expect.arrayContaining([`in tcp 8080 from ${lbSg}.GroupId`, `in tcp 8081 from ${lbSg}.GroupId`]));
    const lbOut = sgRules(template, lbSg).map(ruleKey).filter((r) => r.startsWith('out'));
    expect(lbOut).toEqual(expect.arrayContaining([`out tcp 8080 to ${asgSg}.GroupId`, `out tcp 8081 to ${asgSg}.GroupId`]));
  });
});

describe('SecureAlbService: targets given at construction', () => {
  test.each([
    ['a separate health-check port', { targetPort: 8080, healthCheck: { port: '8081' } }, [8080, 8081]],
    ['the health check on the traffic port', { targetPort: 8080 }, [8080]],
  ] as Array<[string, SecureAlbServiceProps, number[]]>)('with their own security group, %s: registered, and their group opened to exactly those ports and path MTU discovery', (_, props, ports) => {
    // GIVEN an auto scaling group with its own security group
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    // WHEN
    new SecureAlbService(stack, 'Web', { vpc, targets: [asg], ...props });
    // THEN
    const template = Template.fromStack(stack);
    const asgSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'AsgInstanceSecurityGroup');
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const tg = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'WebTargetGroup');
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { TargetGroupARNs: [{ Ref: tg }] });
    // TGSG-IN-ICMP-PMTU too, as the construct's own target group has
    expect(sgRules(template, asgSg).filter((r) => r.direction === 'in').map(ruleKey).sort())
      .toEqual([...ports.map((p) => `in tcp ${p} from ${lbSg}.GroupId`), 'in icmp 3-4 from 10.0.0.0/16'].sort());
  });
});

describe('SecureAlbService: HTTPS', () => {
  function https(props: SecureAlbServiceProps = {}) {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    return build({ certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate)], ...props }, stack);
  }

  test('HTTPS 443 with the recommended TLS policy, HTTP 80 redirects to it', () => {
    const { template, service } = https();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
    });
    expect(service.redirectListener).toBeDefined();
  });

  test('both listener ports open to clients in the group and the ACL, no other inbound', () => {
    const { lbRules, lbAcl } = https();
    expect(lbRules.filter((r) => r.startsWith('in')).sort()).toEqual(['in tcp 443 from 0.0.0.0/0', 'in tcp 80 from 0.0.0.0/0']);
    expect(lbAcl).toEqual(expect.arrayContaining([`in ${TCP} 443-443 0.0.0.0/0`, `in ${TCP} 80-80 0.0.0.0/0`]));
  });

  test('redirectHttp: false leaves only HTTPS', () => {
    const { lbRules, template } = https({ redirectHttp: false });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    expect(lbRules.filter((r) => r.startsWith('in'))).toEqual(['in tcp 443 from 0.0.0.0/0']);
  });
});

describe('SecureAlbService: options', () => {
  test('access logs, ACLs and the endpoint switch off', () => {
    const { template, service } = build({ accessLogs: false, manageNetworkAcls: false, addS3Endpoint: false });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(service.accessLogBucket).toBeUndefined();
    expect(service.networkAcls).toBeUndefined();
    expect(service.s3Endpoint).toBeUndefined();
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any;
    expect(JSON.stringify(lb.Properties.LoadBalancerAttributes)).not.toContain('access_logs');
  });

  test('switching access logs, ACLs or the endpoint never changes the logical ids of the load balancer and target group', () => {
    const ids = (props: SecureAlbServiceProps) => {
      const { template } = build(props);
      return [
        ...Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')),
        ...Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')),
      ];
    };
    const base = ids({});
    expect(ids({ accessLogs: false })).toEqual(base);
    expect(ids({ manageNetworkAcls: false })).toEqual(base);
    expect(ids({ addS3Endpoint: false })).toEqual(base);
  });

  test('construct ids and logical ids are stable: they are API, a rename replaces the resource', () => {
    const { template } = build();
    const ids = (type: string) => Object.keys(template.findResources(type)).sort();
    expect(ids('AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual(['WebLoadBalancer8E8983B1']);
    expect(ids('AWS::ElasticLoadBalancingV2::Listener')).toEqual(['WebLoadBalancerListener761201E2']);
    expect(ids('AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual(['WebTargetGroupFE6444AE']);
    expect(ids('AWS::EC2::SecurityGroup')).toEqual(['WebSecurityGroupsLoadBalancerF5BFAE32', 'WebSecurityGroupsTargets03B47D06']);
    expect(ids('AWS::EC2::NetworkAcl')).toEqual(['WebNetworkAclsLoadBalancerAcl9863BE12', 'WebNetworkAclsTargetAcl7166BC72']);
    expect(ids('AWS::S3::Bucket')).toEqual(['WebAccessLogsBucketB1042E04']);
    expect(ids('AWS::EC2::VPCEndpoint')).toEqual(['WebS3Endpoint00E9CC60']);
  });

  test('no data lost: the log bucket is retained when the stack is deleted or the bucket replaced', () => {
    const { template } = build();
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('an existing VPC, a user-provided log bucket and connection logs', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 3 });
    const bucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
    const { template, service } = build({ vpc, accessLogBucket: bucket, accessLogPrefix: 'web', connectionLogs: true, deletionProtection: false }, stack);
    expect(service.vpc).toBe(vpc);
    expect(service.accessLogBucket).toBe(bucket);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'connection_logs.s3.prefix', Value: 'web' },
      ]),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } })]) },
    });
  });

  test('region-agnostic stack with access logs synthesizes with a correct policy', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const { template } = build({}, stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [Match.anyValue(), '/alb/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
        })]),
      },
    });
  });

  test('instances given the target security group are registered with addTarget', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    const instance = new ec2.Instance(stack, 'Server', {
      vpc: service.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: service.targetSecurityGroup,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    service.addTarget(new targets.InstanceTarget(instance));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'instance', Targets: [{ Id: { Ref: Match.stringLikeRegexp('Server') } }],
    });
    template.hasResourceProperties('AWS::EC2::Instance', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('SecurityGroupsTargets'), 'GroupId'] }],
    });
  });
});

describe('SecureAlbService: additions through the exposed parts', () => {
  test('a listener added with allowListenerPort gets the port in the group and the ACL', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    service.loadBalancer.addListener('Admin', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [service.targetGroup] });
    service.allowListenerPort(8443);
    const template = Template.fromStack(stack);
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    expect(sgRules(template, lbSg).map(ruleKey)).toContain('in tcp 8443 from 0.0.0.0/0');
    const acl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'LoadBalancerAcl');
    expect(aclEntries(template, acl).map(entryKey)).toContain(`in ${TCP} 8443-8443 0.0.0.0/0`);
  });

  test('fails at synth when a listener is added without allowListenerPort', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    service.loadBalancer.addListener('Admin', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: true, defaultTargetGroups: [service.targetGroup] });
    expect(() => Template.fromStack(stack)).toThrow('SecureAlbService: the listener Test/Web/LoadBalancer/Admin/Resource uses port 8443, which the security groups and network ACLs do not open; call `allowListenerPort(8443)` on the construct (and add the listener with `open: false`)');
  });

  test('fails at synth when a target group on another port is added to the listener', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    service.listener.addTargets('Other', { port: 9000, protocol: elbv2.ApplicationProtocol.HTTP, priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/x'])], targets: [new targets.IpTarget('10.0.3.4')] });
    expect(() => Template.fromStack(stack)).toThrow(/SecureAlbService: the target group Test\/Web\/LoadBalancer\/Listener\/OtherGroup\/Resource uses port 9000, but the rules between the load balancer and the targets allow only 8080/);
  });

  test('fails at synth when the health check is moved to a port the rules do not open', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    service.targetGroup.configureHealthCheck({ port: '9090' });
    expect(() => Template.fromStack(stack)).toThrow(/uses health-check port 9090, but the rules between the load balancer and the targets allow only 8080/);
  });

  test('fails at synth on addTargets with a separate health-check port, naming the whole addTargetGroup call', () => {
    // GIVEN a service on 8080
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    // WHEN a target group with its health check on another port is added with aws-cdk-lib's addTargets
    service.listener.addTargets('Admin', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      priority: 30,
      healthCheck: { port: '8081' },
      conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])],
      targets: [new targets.IpTarget('10.0.3.4')],
    });
    // THEN synth names the call that opens both ports, health-check port included
    expect(() => Template.fromStack(stack)).toThrow("SecureAlbService: the target group Test/Web/LoadBalancer/Listener/AdminGroup/Resource uses health-check port 8081, but the rules between the load balancer and the targets allow only 8080; create the target group with the construct's `addTargetGroup(id, { port: 8080, healthCheck: { port: '8081' }, conditions: [ListenerCondition.pathPatterns([...])], priority: 30 })`, which opens its ports");
  });

  test('the call named for an HTTPS target group says its protocol', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    service.listener.addTargets('Tls', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTPS, priority: 31, conditions: [elbv2.ListenerCondition.pathPatterns(['/tls/*'])] });
    expect(() => Template.fromStack(stack)).toThrow('`addTargetGroup(id, { port: 8443, protocol: ApplicationProtocol.HTTPS, conditions: [ListenerCondition.pathPatterns([...])], priority: 31 })`');
  });

  test('fails at synth on two addTargetGroup calls with the same priority, naming both rules', () => {
    // GIVEN a service
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    // WHEN two target groups are added behind rules of the same priority
    service.addTargetGroup('Api', { port: 8080, priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])] });
    service.addTargetGroup('Admin', { port: 8081, priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])] });
    // THEN synth refuses them, naming both
    expect(() => Template.fromStack(stack)).toThrow('SecureAlbService: the listener rules Test/Web/LoadBalancer/Listener/ApiRule/Resource and Test/Web/LoadBalancer/Listener/AdminRule/Resource on the listener Test/Web/LoadBalancer/Listener/Resource both use priority 10; priorities must be unique per listener (CloudFormation refuses the second at deploy); give each `addTargetGroup` (or `addTargets`) call its own `priority`');
  });

  test('fails at synth on a listener rule of aws-cdk-lib with the priority of an addTargetGroup rule', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    service.addTargetGroup('Api', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])] });
    new elbv2.ApplicationListenerRule(stack, 'Mine', { listener: service.listener, priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/mine/*'])], action: elbv2.ListenerAction.fixedResponse(404) });
    expect(() => Template.fromStack(stack)).toThrow(/the listener rules Test\/Web\/LoadBalancer\/Listener\/ApiRule\/Resource and Test\/Mine\/Resource on the listener Test\/Web\/LoadBalancer\/Listener\/Resource both use priority 10/);
  });

  test('distinct priorities, and equal priorities on different listeners, are accepted', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')] });
    service.addTargetGroup('Api', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])] });
    service.addTargetGroup('Admin', { priority: 11, conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])] });
    new elbv2.ApplicationListenerRule(stack, 'OnRedirect', { listener: service.redirectListener!, priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/x'])], action: elbv2.ListenerAction.fixedResponse(404) });
    Template.fromStack(stack).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 3);
  });
});

describe('SecureAlbService: bad input', () => {
  const cert = () => elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc');
  test.each([
    ['targetPort 0', () => ({ targetPort: 0 }), 'SecureAlbService: `targetPort` must be an integer between 1 and 65535, got 0'],
    ['listenerPort 65536', () => ({ listenerPort: 65536 }), 'SecureAlbService: `listenerPort` must be an integer between 1 and 65535, got 65536'],
    ['healthCheck.port not a number', () => ({ healthCheck: { port: 'eighty' } }), "SecureAlbService: `healthCheck.port` must be 'traffic-port' or an integer between 1 and 65535, got 'eighty'"],
    ['healthCheck.port 0', () => ({ healthCheck: { port: '0' } }), "SecureAlbService: `healthCheck.port` must be 'traffic-port' or an integer between 1 and 65535, got '0'"],
    ['targetOutboundPorts with 0', () => ({ targetOutboundPorts: [0] }), 'SecureAlbService: `targetOutboundPorts[0]` must be an integer between 1 and 65535, got 0'],
    ['redirectHttp without certificates', () => ({ redirectHttp: true }), 'SecureAlbService: `redirectHttp` is true but no `certificates` are given: there is no HTTPS listener to redirect to'],
    ['sslPolicy without certificates', () => ({ sslPolicy: elbv2.SslPolicy.TLS13_13 }), 'SecureAlbService: `sslPolicy` is set but no `certificates` are given: the listener is plain HTTP'],
    ['HTTPS on port 80 with the redirect on', () => ({ certificates: [cert()], listenerPort: 80 }), 'SecureAlbService: `listenerPort` is 80 with certificates and the HTTP redirect on, but the redirect listens on 80; choose another port or set `redirectHttp: false`'],
    ['connectionLogs without access logs', () => ({ accessLogs: false, connectionLogs: true }), 'SecureAlbService: `accessLogs` is false but `connectionLogs` is set; turn access logs on or drop that option'],
    ['a bad client CIDR', () => ({ clientCidrs: ['1.2.3.4'] }), "SecureAlbService: `clientCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '1.2.3.4'"],
    ['a log prefix with AWSLogs', () => ({ accessLogPrefix: 'AWSLogs' }), "SecureAlbService: `accessLogPrefix` must not contain 'AWSLogs' (the load balancer adds 'AWSLogs/<account>/' itself), got 'AWSLogs'"],
  ] as Array<[string, () => SecureAlbServiceProps, string]>)('fails on %s', (_label, props, message) => {
    expect(() => new SecureAlbService(newStack(), 'Web', props())).toThrow(message);
  });

  test('fails on a KMS-encrypted log bucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS });
    expect(() => new SecureAlbService(stack, 'Web', { accessLogBucket: bucket }))
      .toThrow('SecureAlbService: `accessLogBucket` (the bucket Test/Logs) is encrypted with a KMS key; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)');
  });

  test('fails on a log bucket given while access logs are off', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs');
    expect(() => new SecureAlbService(stack, 'Web', { accessLogs: false, accessLogBucket: bucket }))
      .toThrow('SecureAlbService: `accessLogs` is false but `accessLogBucket` is set; turn access logs on or drop that option');
  });

  test('fails when a subnet selection matches no subnet', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    expect(() => new SecureAlbService(stack, 'Web', { vpc, targetSubnets: { subnetGroupName: 'Nope' } }))
      .toThrow(/There are no subnet groups with name 'Nope' in this VPC/);
    expect(() => new SecureAlbService(stack, 'Web2', { vpc, targetSubnets: { subnets: [] } }))
      .toThrow('SecureAlbService: `targetSubnets` selects no subnet of the VPC; give a selection that matches subnets of `vpc`');
  });

  test('fails on an unresolved listener port', () => {
    const stack = newStack();
    const port = new CfnParameter(stack, 'Port', { type: 'Number' }).valueAsNumber;
    expect(() => new SecureAlbService(stack, 'Web', { listenerPort: port }))
      .toThrow('SecureAlbService: `listenerPort` must be a literal port number (an integer between 1 and 65535), got an unresolved token; the security-group and network-ACL rules are computed from it at synth time');
  });
});

describe('SecureAlbService: cdk-nag', () => {
  test('AwsSolutionsChecks over a default service: no unacknowledged finding', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'eu-west-1' } });
    new SecureAlbService(stack, 'Web', { healthCheck: { port: '8081', interval: Duration.seconds(30) } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // WHEN
    const { report, failed } = synthReport(app);
    // THEN: the report says success and names no rule
    expect(failed).toBe(false);
    expect(report).toMatch(/AwsSolutions\s*│\s*success/);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+/);
  });

  test('the same check fails on an unacknowledged finding (control: SSH open to the world on the targets)', () => {
    const app = new App();
    const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'eu-west-1' } });
    const service = new SecureAlbService(stack, 'Web');
    const extra = new ec2.SecurityGroup(stack, 'Ssh', { vpc: service.vpc });
    extra.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { report, failed } = synthReport(app);
    expect(failed).toBe(true);
    expect(report).toMatch(/AwsSolutions-EC23/);
  });
});

describe('SecureAlbService: flows, proved with the reachability model', () => {
  const { FlowEndpoint, NetworkAssertions, TemplateModel } = assertions;
  const stack = newStack();
  const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
  const model = TemplateModel.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as ec2.CfnSubnet).logicalId) as string;
  const lb = FlowEndpoint.fromConstruct(service.loadBalancer);
  const targetGroup = FlowEndpoint.securityGroup(id(service.targetSecurityGroup), service.vpc.privateSubnets.map(id));

  test('intended: internet -> listener, load balancer -> target and health-check ports, targets -> S3 and HTTPS out', () => {
    NetworkAssertions.assertReachable(model, FlowEndpoint.internet(), lb, 80);
    NetworkAssertions.assertReachable(model, lb, targetGroup, 8080);
    NetworkAssertions.assertReachable(model, lb, targetGroup, 8081);
    NetworkAssertions.assertReachable(model, targetGroup, FlowEndpoint.s3(), 443);
    NetworkAssertions.assertReachable(model, targetGroup, FlowEndpoint.internet(), 443);
  });

  test('unintended: other ports, the targets from the internet, the load balancer to anything but the targets', () => {
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.internet(), lb, 443);
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.internet(), targetGroup, 8080);
    NetworkAssertions.assertNotReachable(model, lb, targetGroup, 22);
    NetworkAssertions.assertNotReachable(model, lb, FlowEndpoint.s3(), 443);
    NetworkAssertions.assertNotReachable(model, lb, FlowEndpoint.internet(), 443);
    NetworkAssertions.assertNotReachable(model, targetGroup, FlowEndpoint.internet(), 80);
  });

  test('the recommendation checks find nothing', () => {
    NetworkAssertions.assertFollowsRecommendations(model);
  });
});

describe('SecureAlbBase, for subclasses', () => {
  /** A kind of its own: an internet-facing load balancer whose targets share its public subnets. */
  class PublicTargets extends SecureAlbBase {
    constructor(scope: Construct, id: string, props: { vpc?: ec2.IVpc; listenerPort?: number } = {}) {
      super(scope, id, {
        ...props,
        defaultVpcSubnets: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
        internetFacing: true,
        loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        targetSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      });
    }
  }

  test('a subclass gets every part built in its constructor, in the VPC made from its subnet groups', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const alb = new PublicTargets(stack, 'Alb');
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    expect(alb.vpc.node.path).toBe('Test/Alb/Vpc');
    expect(alb.securityGroupPair.loadBalancerSecurityGroup).toBe(alb.loadBalancerSecurityGroup);
    expect(alb.loadBalancerNetworkAcl).toBe(alb.targetNetworkAcl);
    expect(alb.connections).toBeDefined();
  });

  test('fails with the subclass\'s name when a base prop is wrong', () => {
    expect(() => new PublicTargets(newStack(), 'Alb', { listenerPort: 0 })).toThrow(/^PublicTargets: `listenerPort`/);
  });

  test('fails with the subclass\'s name when its subnet selection matches nothing', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => new PublicTargets(stack, 'Alb', { vpc })).toThrow("PublicTargets: `loadBalancerSubnets` selects no subnet of the VPC (There are no 'Public' subnet groups in this VPC. Available types: Isolated,Deprecated_Isolated); give a selection that matches subnets of `vpc`");
  });

  test('loadBalancerDnsName is the load balancer\'s DNS name', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web');
    expect(stack.resolve(service.loadBalancerDnsName)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(service.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer), 'DNSName'] });
  });
});

describe('SecureAlbService: clients by security group', () => {
  test('a client security group gets the listener port, next to the client CIDRs', () => {
    // GIVEN
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const partner = new ec2.SecurityGroup(stack, 'Partner', { vpc, allowAllOutbound: false });
    // WHEN
    new SecureAlbService(stack, 'Web', { vpc, clientCidrs: ['203.0.113.0/24'], clients: [partner] });
    // THEN
    const template = Template.fromStack(stack);
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const partnerSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'Partner');
    expect(sgRules(template, lbSg).filter((r) => r.direction === 'in').map(ruleKey).sort())
      .toEqual(['in tcp 80 from 203.0.113.0/24', `in tcp 80 from ${partnerSg}.GroupId`]);
  });
});

describe('SecureAlbService: the VPC it creates', () => {
  test.each([
    ['SecureAlbService', (s: Stack) => new SecureAlbService(s, 'Alb')],
    ['InternalAlbWithPrivateTargets', (s: Stack) => new InternalAlbWithPrivateTargets(s, 'Alb')],
  ])('%s: public subnets assign no public IP on launch (Security Hub EC2.15)', (_name, create) => {
    // GIVEN / WHEN
    const stack = newStack();
    create(stack);
    // THEN
    const subnets = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')) as any[];
    expect(subnets.length).toBeGreaterThan(0);
    expect(subnets.map((s) => s.Properties.MapPublicIpOnLaunch ?? false)).toEqual(subnets.map(() => false));
  });
});

describe('the ACL options of the building block on the L3 constructs', () => {
  const l3s: Array<[string, (s: Stack, props: Partial<SecureAlbServiceProps>) => SecureAlbBase]> = [
    ['SecureAlbService', (s, props) => new SecureAlbService(s, 'Web', props)],
    ['InternalAlbWithPrivateTargets', (s, props) => new InternalAlbWithPrivateTargets(s, 'Web', props)],
  ];
  const ruleNumbers = (stack: Stack): number[] =>
    Object.values(Template.fromStack(stack).findResources('AWS::EC2::NetworkAclEntry')).map((r: any) => r.Properties.RuleNumber);

  test.each(l3s)('%s: ruleNumberBase moves every entry into the band it names', (_name, make) => {
    // GIVEN a construct with the band moved to 1000
    const stack = newStack();
    // WHEN it is synthesized
    make(stack, { ruleNumberBase: 1000 });
    // THEN every entry sits in 1000-1099
    const numbers = ruleNumbers(stack);
    expect(numbers.length).toBeGreaterThan(0);
    expect(Math.min(...numbers)).toEqual(1000);
    expect(Math.max(...numbers)).toBeLessThan(1100);
  });

  test.each(l3s)('%s: without ruleNumberBase the entries use 100-199', (_name, make) => {
    const stack = newStack();
    make(stack, {});
    const numbers = ruleNumbers(stack);
    expect(Math.min(...numbers)).toEqual(100);
    expect(Math.max(...numbers)).toBeLessThan(200);
  });

  test.each(l3s)('fails at synth when %s holds more entries than maxEntriesPerDirection', (_name, make) => {
    // GIVEN a construct allowed only 3 entries per direction per ACL
    const stack = newStack();
    make(stack, { maxEntriesPerDirection: 3 });
    // THEN synth counts its entries against that limit
    expect(() => Template.fromStack(stack)).toThrow(/LoadBalancerNetworkAcls: the network ACL Test\/Web\/NetworkAcls\/\w+ has \d+ \w+ entries, more than `maxEntriesPerDirection` \(3, the default quota is 20\)/);
  });

  test.each(l3s)('%s: maxEntriesPerDirection set to the fullest direction of an ACL passes, one less fails', (_name, make) => {
    // GIVEN the largest number of entries of one direction of one ACL in the default build
    const fullest = (stack: Stack) => {
      const entries = Object.values(Template.fromStack(stack).findResources('AWS::EC2::NetworkAclEntry')).map((r: any) => `${JSON.stringify(r.Properties.NetworkAclId)} ${r.Properties.Egress}`);
      return Math.max(...[...new Set(entries)].map((k) => entries.filter((e) => e === k).length));
    };
    const reference = newStack();
    make(reference, {});
    const most = fullest(reference);
    // WHEN the limit is that number, THEN synth passes; one less, THEN it fails
    const exact = newStack();
    make(exact, { maxEntriesPerDirection: most });
    expect(fullest(exact)).toEqual(most);
    const tight = newStack();
    make(tight, { maxEntriesPerDirection: most - 1 });
    expect(() => Template.fromStack(tight)).toThrow(`more than \`maxEntriesPerDirection\` (${most - 1}, the default quota is 20)`);
  });

  test.each([
    ['ruleNumberBase 0', { ruleNumberBase: 0 }, '`ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 0'],
    ['ruleNumberBase 32668', { ruleNumberBase: 32668 }, '`ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 32668'],
    ['ruleNumberBase 100.5', { ruleNumberBase: 100.5 }, '`ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 100.5'],
    ['maxEntriesPerDirection 0', { maxEntriesPerDirection: 0 }, '`maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 0'],
    ['maxEntriesPerDirection 41', { maxEntriesPerDirection: 41 }, '`maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 41'],
  ])('fails on %s, named by the construct the user called, before anything is created', (_name, props, message) => {
    for (const [name, make] of l3s) {
      const stack = newStack();
      expect(() => make(stack, props)).toThrow(`${name}: ${message}`);
      expect(stack.node.tryFindChild('Web')?.node.findAll().filter((c) => c instanceof ec2.CfnNetworkAclEntry) ?? []).toEqual([]);
    }
  });

  test('fails on a token ruleNumberBase or maxEntriesPerDirection', () => {
    const stack = newStack();
    expect(() => new SecureAlbService(stack, 'A', { ruleNumberBase: new CfnParameter(stack, 'B', { type: 'Number' }).valueAsNumber }))
      .toThrow('SecureAlbService: `ruleNumberBase` must be a literal integer between 1 and 32667, got an unresolved token; the rule numbers of the network-ACL entries are computed from it at synth time');
    expect(() => new SecureAlbService(stack, 'C', { maxEntriesPerDirection: new CfnParameter(stack, 'M', { type: 'Number' }).valueAsNumber }))
      .toThrow('SecureAlbService: `maxEntriesPerDirection` must be a literal integer between 1 and 40, got an unresolved token; the entries are counted against it at synth time');
  });
});
