import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OneAlbManyServicesStack, PeeredIpTargetsStack } from './stack';
import { assertions } from '../../src';

const app = new App();
new OneAlbManyServicesStack(app, 'SecureAlbOneAlbManyServices');
new PeeredIpTargetsStack(app, 'SecureAlbPeeredIpTargets');
// cdk-nag and this library's own checks of the recommended rules
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
app.synth();
