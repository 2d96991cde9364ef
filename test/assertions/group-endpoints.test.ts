import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { assertions, SecureAlbService } from '../../src';
import { newStack } from '../util';
import { conforming, modelOf, Resources } from './private/fixtures';

const { FlowEndpoint, FlowVerdict, TemplateModel } = assertions;

describe('auto scaling groups and ECS services as flow ends', () => {
  test('the instances of an auto scaling group with a launch template, behind the load balancer', () => {
    // GIVEN an auto scaling group in the target subnets with the targets' security group
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc: service.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      securityGroup: service.targetSecurityGroup,
    });
    service.addTarget(asg);
    const model = TemplateModel.fromStack(stack);
    const lb = FlowEndpoint.fromConstruct(service.loadBalancer);
    // WHEN / THEN the load balancer reaches them on the target port, nobody on SSH, the internet never
    expect(model.evaluate(lb, FlowEndpoint.fromConstruct(asg), 8080).verdict).toBe(FlowVerdict.ALLOWED);
    expect(model.evaluate(lb, FlowEndpoint.fromConstruct(asg), 22).verdict).toBe(FlowVerdict.BLOCKED);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.fromConstruct(asg), 8080).verdict).toBe(FlowVerdict.BLOCKED);
    // and the instances reach S3 through the gateway endpoint
    expect(model.evaluate(FlowEndpoint.fromConstruct(asg), FlowEndpoint.s3(), 443).verdict).toBe(FlowVerdict.ALLOWED);
  });

  test('the tasks of a Fargate service (awsvpc: its own subnets and groups)', () => {
    // GIVEN a Fargate service in the target subnets with the targets' security group
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, targetType: undefined });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: service.vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'), portMappings: [{ containerPort: 8080 }] });
    const fargate = new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition: task,
      securityGroups: [service.targetSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    service.addTarget(fargate);
    const model = TemplateModel.fromStack(stack);
    const lb = FlowEndpoint.fromConstruct(service.loadBalancer);
    // WHEN / THEN
    expect(model.evaluate(lb, FlowEndpoint.fromConstruct(fargate), 8080).verdict).toBe(FlowVerdict.ALLOWED);
    expect(model.evaluate(lb, FlowEndpoint.fromConstruct(fargate), 8081).verdict).toBe(FlowVerdict.BLOCKED);
  });

  const asgOf = (props: Record<string, unknown>, extra: Resources = {}) => {
    const r = conforming();
    delete r.Web;
    r.Tg.Properties.Targets = [];
    return modelOf({ ...r, ...extra, Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: [{ Ref: 'TargetSubnet' }], ...props } } });
  };

  test.each([
    ['a launch configuration', { LaunchConfigurationName: { Ref: 'Lc' } },
      { Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { SecurityGroups: [{ Ref: 'TargetSg' }] } } }],
    ['a launch template\'s network interface', { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } },
      { Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0, Groups: [{ 'Fn::GetAtt': ['TargetSg', 'GroupId'] }] }] } } } }],
    ['a mixed instances policy', { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } } } },
      { Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [{ 'Fn::GetAtt': ['TargetSg', 'GroupId'] }] } } } }],
  ])('an auto scaling group with %s has its groups', (_, props, extra) => {
    const model = asgOf(props, extra);
    expect(model.evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Asg'), 8080).verdict).toBe(FlowVerdict.ALLOWED);
    expect(model.evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Asg'), 9000).verdict).toBe(FlowVerdict.BLOCKED);
  });

  test('an auto scaling group whose launch template is outside the template is not proven', () => {
    const flow = asgOf({ LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '1' } }).evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Asg'), 8080);
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.explanation).toContain('the security groups of the launch template of Asg (not in the template)');
  });

  test('an ECS service without awsvpc networking is not proven (its tasks use the container instances\' network)', () => {
    const r = conforming();
    const model = modelOf({ ...r, Svc: { Type: 'AWS::ECS::Service', Properties: { Cluster: 'c', TaskDefinition: 't' } } });
    const flow = model.evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Svc'), 8080);
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.explanation).toContain("the container instances' security groups of Svc (not awsvpc networking)");
  });

  test('fails on a resource that is no flow end, naming the kinds that are', () => {
    expect(() => modelOf(conforming()).evaluate(FlowEndpoint.resource('Vpc'), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: 'Vpc' is a AWS::EC2::VPC; use a load balancer, an instance, an auto scaling group, an ECS service, a security group or a subnet");
  });
});
