import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PublicSubnetS3ExampleStack } from './stack';
import { assertions } from '../../src';

const app = new App();
new PublicSubnetS3ExampleStack(app, 'SecureAlbPublicSubnetS3Example');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
app.synth();
