import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InternetFacingExampleStack } from './stack';

const app = new App();
new InternetFacingExampleStack(app, 'SecureAlbInternetFacingExample');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
