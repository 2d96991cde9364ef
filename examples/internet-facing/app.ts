import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InternetFacingExampleStack } from './stack';
import { assertions } from '../../src';

const app = new App();
new InternetFacingExampleStack(app, 'SecureAlbInternetFacingExample');
// cdk-nag and this library's own checks of the recommended rules
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
app.synth();
