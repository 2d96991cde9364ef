// A scratch CDK app built on the packed cdk-secure-alb, as `npm install cdk-secure-alb` users get it:
// both L3 constructs and the assertions submodule (a synth-time plugin and a reachability proof).
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InternalAlbWithPrivateTargets, SecureAlbService, assertions } from 'cdk-secure-alb';

const app = new App();
const web = new Stack(app, 'PackedInternetFacing');
const service = new SecureAlbService(web, 'Web', { targetPort: 8080, deletionProtection: false });

const internal = new Stack(app, 'PackedInternal');
const vpc = new ec2.Vpc(internal, 'Vpc', { maxAzs: 2, natGateways: 0 });
new InternalAlbWithPrivateTargets(internal, 'Alb', { vpc, targetPort: 8080, deletionProtection: false });

Validations.of(app).addPlugins(new assertions.SecureAlbChecks());

// the README's reachability proof, on the packed package
const model = assertions.TemplateModel.fromStack(web);
assertions.NetworkAssertions.assertReachable(
  model, assertions.FlowEndpoint.internet(), assertions.FlowEndpoint.fromConstruct(service.loadBalancer), 80);

app.synth();
