import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InternalCrossVpcExampleStack } from './stack';

const app = new App();
new InternalCrossVpcExampleStack(app, 'SecureAlbInternalCrossVpcExample');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
