import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InternalCrossVpcExampleStack } from './stack';
import { assertions } from '../../src';

const app = new App();
new InternalCrossVpcExampleStack(app, 'SecureAlbInternalCrossVpcExample');
// cdk-nag and this library's own checks of the recommended rules
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
app.synth();
