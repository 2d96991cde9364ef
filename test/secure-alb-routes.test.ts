import { App, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { assertions, SecureAlbService } from '../src';

/**
 * Every route to a listener, a listener rule or a target group (issue #23) ends at the same rule:
 * what is attached to the construct's load balancer, wherever it was created, uses ports the
 * construct opens in both the security groups and the network ACLs, or synth fails with the call
 * that opens them. After that call, the model proves the new flows and no recommendation is missing.
 */

const ENV = { account: '111111111111', region: 'eu-west-1' };
const CONDITIONS = [elbv2.ListenerCondition.pathPatterns(['/api/*'])];

interface World {
  readonly app: App;
  readonly stack: Stack;
  readonly other: Stack;
  readonly service: SecureAlbService;
}

type Place = 'the construct' | 'the stack' | 'another stack';

function world(): World {
  const app = new App();
  const stack = new Stack(app, 'Web', { env: ENV });
  const other = new Stack(app, 'Api', { env: ENV });
  const service = new SecureAlbService(stack, 'Service', { deletionProtection: false });
  return { app, stack, other, service };
}

function scopeAt(w: World, place: Place): Construct {
  return place === 'the construct' ? w.service : place === 'another stack' ? w.other : w.stack;
}

function targetGroup81(w: World, place: Place): elbv2.ApplicationTargetGroup {
  return new elbv2.ApplicationTargetGroup(scopeAt(w, place), 'ApiTg', { vpc: w.service.vpc, port: 81, protocol: elbv2.ApplicationProtocol.HTTP });
}

function tgPath(w: World, place: Place): string {
  return `${scopeAt(w, place).node.path}/ApiTg/Resource`;
}

/** Synthesizes the whole app and returns the error text, or '' when it synthesizes. */
function synthError(w: World): string {
  try {
    w.app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** After the fix: the model proves every flow the construct opened and finds nothing missing. */
function expectProved(stacks: Stack[]): void {
  const model = assertions.TemplateModel.fromStacks(stacks);
  const rows = model.allowedFlows();
  const notAllowed = rows.filter((r) => r.verdict !== assertions.FlowVerdict.ALLOWED && !/icmp/.test(r.ports));
  expect(notAllowed.map((r) => `${r.from} -> ${r.to} ${r.ports}: ${r.verdict}`)).toEqual([]);
  expect(rows.some((r) => /\b81\b/.test(r.ports) || /\b8443\b/.test(r.ports))).toBe(true);
  expect(model.checkRecommendations().map((f) => `${f.recommendationId}: ${f.message}`)).toEqual([]);
}

interface TargetRoute {
  readonly name: string;
  readonly places: Place[];
  /** Attaches a target group on port 81 through the route; returns the path of the target group's resource. */
  readonly attach: (w: World, place: Place) => string;
}

const targetRoutes: TargetRoute[] = [
  {
    name: 'listener.addTargets',
    places: ['the construct'],
    attach: (w) => {
      w.service.listener.addTargets('Api', { port: 81, protocol: elbv2.ApplicationProtocol.HTTP, priority: 10, conditions: CONDITIONS });
      return 'Web/Service/LoadBalancer/Listener/ApiGroup/Resource';
    },
  },
  {
    name: 'listener.addTargetGroups',
    places: ['the construct', 'the stack'],
    attach: (w, place) => {
      w.service.listener.addTargetGroups('Api', { priority: 10, conditions: CONDITIONS, targetGroups: [targetGroup81(w, place)] });
      return tgPath(w, place);
    },
  },
  {
    name: 'listener.addAction (forward)',
    places: ['the construct', 'the stack'],
    attach: (w, place) => {
      w.service.listener.addAction('Api', { priority: 10, conditions: CONDITIONS, action: elbv2.ListenerAction.forward([targetGroup81(w, place)]) });
      return tgPath(w, place);
    },
  },
  {
    name: 'listener.addAction (weighted forward)',
    places: ['the construct', 'the stack'],
    attach: (w, place) => {
      w.service.listener.addAction('Api', {
        priority: 10,
        conditions: CONDITIONS,
        action: elbv2.ListenerAction.weightedForward([
          { targetGroup: targetGroup81(w, place), weight: 1 },
          { targetGroup: w.service.targetGroup, weight: 1 },
        ]),
      });
      return tgPath(w, place);
    },
  },
  {
    name: 'new ApplicationListenerRule',
    places: ['the construct', 'the stack', 'another stack'],
    attach: (w, place) => {
      new elbv2.ApplicationListenerRule(scopeAt(w, place), 'ApiRule', { listener: w.service.listener, priority: 10, conditions: CONDITIONS, targetGroups: [targetGroup81(w, place)] });
      return tgPath(w, place);
    },
  },
  {
    name: 'new ApplicationListenerRule (fixed response, then forward by another rule)',
    places: ['another stack'],
    attach: (w, place) => {
      const tg = targetGroup81(w, place);
      new elbv2.ApplicationListenerRule(scopeAt(w, place), 'Teapot', {
        listener: w.service.listener, priority: 11, conditions: CONDITIONS, action: elbv2.ListenerAction.fixedResponse(418),
      });
      new elbv2.ApplicationListenerRule(scopeAt(w, place), 'ApiRule', { listener: w.service.listener, priority: 10, conditions: CONDITIONS, action: elbv2.ListenerAction.forward([tg]) });
      return tgPath(w, place);
    },
  },
];

describe('every route to a target group', () => {
  const cases = targetRoutes.flatMap((r) => r.places.map((place) => [r.name, place, r] as const));

  test.each(cases)('fails: %s in %s on a port the construct does not open, naming allowTargetPort', (_name, place, route) => {
    // GIVEN a default service (target port 80)
    const w = world();
    // WHEN a target group on port 81 is attached through the route
    const path = route.attach(w, place);
    // THEN synth fails, naming the target group and the call that opens its port
    const error = synthError(w);
    expect(error).toContain(`SecureAlbService: the target group ${path} uses port 81, but the rules between the load balancer and the targets allow only 80;`);
    expect(error).toContain('call `allowTargetPort(81)` on the construct');
  });

  test.each(cases)('%s in %s after allowTargetPort(81): both kinds of rule open 81 and the model proves it', (_name, place, route) => {
    // GIVEN a default service
    const w = world();
    // WHEN a target group on port 81 is attached through the route, and its port is allowed
    route.attach(w, place);
    w.service.allowTargetPort(81);
    // THEN synth passes, and the model proves every flow with no recommendation missing
    expect(synthError(w)).toBe('');
    expectProved(place === 'another stack' ? [w.stack, w.other] : [w.stack]);
  });
});

describe('every route to a listener', () => {
  const routes: Array<[string, Place[], (w: World, place: Place) => string]> = [
    ['loadBalancer.addListener', ['the construct'], (w) => {
      w.service.loadBalancer.addListener('Admin', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [w.service.targetGroup] });
      return 'Web/Service/LoadBalancer/Admin/Resource';
    }],
    ['new ApplicationListener', ['the construct', 'the stack', 'another stack'], (w, place) => {
      new elbv2.ApplicationListener(scopeAt(w, place), 'Admin', { loadBalancer: w.service.loadBalancer, port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
      return `${scopeAt(w, place).node.path}/Admin/Resource`;
    }],
  ];
  const cases = routes.flatMap(([name, places, attach]) => places.map((place) => [name, place, attach] as const));

  test.each(cases)('fails: %s in %s on a port the construct does not open, naming allowListenerPort', (_name, place, attach) => {
    const w = world();
    const path = attach(w, place);
    expect(synthError(w)).toContain(`SecureAlbService: the listener ${path} uses port 8443, which the security groups and network ACLs do not open; call \`allowListenerPort(8443)\` on the construct`);
  });

  test.each(cases)('%s in %s after allowListenerPort(8443): both kinds of rule open it and the model proves it', (_name, place, attach) => {
    const w = world();
    attach(w, place);
    w.service.allowListenerPort(8443);
    expect(synthError(w)).toBe('');
    expectProved(place === 'another stack' ? [w.stack, w.other] : [w.stack]);
  });

  test('fails: a listener open to everyone in another stack on a service with narrowed clients', () => {
    // GIVEN a service for one client network
    const app = new App();
    const stack = new Stack(app, 'Web', { env: ENV });
    const other = new Stack(app, 'Admin', { env: ENV });
    const service = new SecureAlbService(stack, 'Service', { deletionProtection: false, clientCidrs: ['203.0.113.0/24'] });
    service.allowListenerPort(8443);
    // WHEN another stack adds a listener with aws-cdk-lib's default `open: true`
    new elbv2.ApplicationListener(other, 'Admin', { loadBalancer: service.loadBalancer, port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    // THEN synth fails as it does for the same listener in the construct
    expect(() => app.synth()).toThrow('SecureAlbService: `clientCidrs` is ["203.0.113.0/24"], but the load balancer\'s security group allows port 8443 from everyone (0.0.0.0/0 or ::/0)');
  });
});

describe('other routes to a port', () => {
  test('fails: configureHealthCheck on the main target group moves the health check to a port not open', () => {
    const w = world();
    w.service.targetGroup.configureHealthCheck({ port: '8081' });
    expect(synthError(w)).toContain('SecureAlbService: the target group Web/Service/TargetGroup/Resource uses health-check port 8081, but the rules between the load balancer and the targets allow only 80; call `allowTargetPort(8081)` on the construct');
  });

  test('configureHealthCheck after allowTargetPort: proved', () => {
    const w = world();
    w.service.targetGroup.configureHealthCheck({ port: '8081' });
    w.service.allowTargetPort(8081);
    expect(synthError(w)).toBe('');
    const model = assertions.TemplateModel.fromStack(w.stack);
    expect(model.checkRecommendations()).toEqual([]);
  });

  function fargate(scope: Construct, vpc: ec2.IVpc, group: ec2.ISecurityGroup): ecs.FargateService {
    const cluster = new ecs.Cluster(scope, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(scope, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'), portMappings: [{ containerPort: 8080 }] });
    return new ecs.FargateService(scope, 'Fargate', { cluster, taskDefinition: task, securityGroups: [group], vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  }

  test.each<Place>(['the stack', 'another stack'])('fails: an ECS service in %s attached to the main target group on container port 8080', (place) => {
    // GIVEN a default service (target port 80) and a Fargate service listening on 8080
    const w = world();
    const svc = fargate(scopeAt(w, place), w.service.vpc, w.service.targetSecurityGroup);
    // WHEN it registers in the main target group
    svc.attachToApplicationTargetGroup(w.service.targetGroup);
    // THEN the load balancer would send to 8080, which the rules do not open
    const error = synthError(w);
    expect(error).toContain(`SecureAlbService: the target group Web/Service/TargetGroup/Resource uses container port (of the ECS service ${scopeAt(w, place).node.path}/Fargate/Service) 8080, but the rules between the load balancer and the targets allow only 80; call \`allowTargetPort(8080)\` on the construct`);
  });

  test('an ECS service registered with addTargetGroup on its container port: proved', () => {
    const w = world();
    const svc = fargate(w.stack, w.service.vpc, w.service.targetSecurityGroup);
    w.service.addTargetGroup('Api', { port: 8080, priority: 10, conditions: CONDITIONS, targets: [svc.loadBalancerTarget({ containerName: 'app', containerPort: 8080 })] });
    expect(synthError(w)).toBe('');
    const model = assertions.TemplateModel.fromStack(w.stack);
    expect(model.checkRecommendations()).toEqual([]);
  });

  test('a target group of another load balancer in the construct\'s scope is not checked against this one', () => {
    // GIVEN a service and, in its scope, a plain ALB of the user's with a target group on 9000
    const w = world();
    const other = new elbv2.ApplicationLoadBalancer(w.service, 'Other', { vpc: w.service.vpc });
    other.addListener('L', { port: 80, open: false, defaultTargetGroups: [new elbv2.ApplicationTargetGroup(w.service, 'OtherTg', { vpc: w.service.vpc, port: 9000, protocol: elbv2.ApplicationProtocol.HTTP })] });
    // THEN the service's check leaves it alone (it is not attached to the service's load balancer)
    expect(synthError(w)).not.toContain('OtherTg');
  });

  test('the security-group pair\'s own addListenerPort opens the network ACLs too (one traffic spec)', () => {
    // GIVEN a default service
    const w = world();
    // WHEN the port is opened on the building block and a listener uses it
    w.service.securityGroupPair.addListenerPort(8443);
    w.service.loadBalancer.addListener('Admin', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [w.service.targetGroup] });
    // THEN both kinds of rule hold 8443: the ACL has its own entry, not the ephemeral range by accident
    expect(synthError(w)).toBe('');
    expect(w.service.networkAcls!.listenerPorts).toEqual([80, 8443]);
    const acl = w.app.synth().getStackByName('Web').template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const inbound8443 = Object.values(acl).filter((r) => r.Type === 'AWS::EC2::NetworkAclEntry' && r.Properties.Egress !== true
      && (r.Properties.PortRange as { From: number; To: number } | undefined)?.From === 8443);
    expect(inbound8443.length).toBeGreaterThan(0);
    expectProved([w.stack]);
  });
});

describe('the app index (one walk per synth, shared by every construct)', () => {
  test('fails: in a Stage, a listener rule of another stack of the stage is found', () => {
    // GIVEN a service in a stage, and a second stack of that stage
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Web', { env: ENV });
    const other = new Stack(stage, 'Api', { env: ENV });
    const service = new SecureAlbService(stack, 'Service', { deletionProtection: false });
    // WHEN the other stack forwards to a target group on 81
    const tg = new elbv2.ApplicationTargetGroup(other, 'ApiTg', { vpc: service.vpc, port: 81, protocol: elbv2.ApplicationProtocol.HTTP });
    new elbv2.ApplicationListenerRule(other, 'Rule', { listener: service.listener, priority: 10, conditions: CONDITIONS, targetGroups: [tg] });
    // THEN synth of the stage fails naming it
    expect(() => app.synth()).toThrow('SecureAlbService: the target group Prod/Api/ApiTg/Resource uses port 81');
  });

  test('twenty services in one app: each finds its own attachments, and only its own', () => {
    // GIVEN many services in one VPC, each with a listener rule to a target group on its own port
    const app = new App();
    const stack = new Stack(app, 'Many', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const services = Array.from({ length: 20 }, (_, i) => new SecureAlbService(stack, `S${i}`, { vpc, deletionProtection: false }));
    services.forEach((s, i) => {
      s.listener.addTargetGroups('Api', { priority: 10, conditions: CONDITIONS, targetGroups: [new elbv2.ApplicationTargetGroup(stack, `Tg${i}`, { vpc, port: 1000 + i, protocol: elbv2.ApplicationProtocol.HTTP })] });
      if (i % 2 === 0) s.allowTargetPort(1000 + i);
    });
    // WHEN synthesized; THEN exactly the odd ones fail, each naming its own target group
    let error = '';
    try {
      app.synth();
    } catch (e) {
      error = (e as Error).message;
    }
    for (let i = 0; i < 20; i++) {
      expect(error.includes(`the target group Many/Tg${i}/Resource uses port ${1000 + i}`)).toBe(i % 2 === 1);
    }
  });
});

test('two stacks with constructs of one id: each construct checks only what is attached to its own load balancer', () => {
  // GIVEN two stacks, each with a construct called Alb (equal logical ids), one with a listener on 443
  const app = new App();
  const a = new Stack(app, 'A', { env: ENV });
  const b = new Stack(app, 'B', { env: ENV });
  const first = new SecureAlbService(a, 'Alb', { deletionProtection: false });
  new SecureAlbService(b, 'Alb', { deletionProtection: false });
  first.allowListenerPort(443);
  first.loadBalancer.addListener('Tls', { port: 443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [first.targetGroup] });
  // THEN the construct of B does not take A's listener for its own
  expect(() => app.synth()).not.toThrow();
});
