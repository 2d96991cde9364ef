import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack, ownResources } from './util';
import { S3GatewayEndpoint } from '../src';

function setup() {
  const stack = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  return { stack, vpc };
}

describe('S3GatewayEndpoint', () => {
  test('snapshot', () => {
    const { stack, vpc } = setup();
    const endpoint = new S3GatewayEndpoint(stack, 'S3', { vpc });
    expect(ownResources(Template.fromStack(stack), endpoint)).toMatchSnapshot();
  });

  test('a gateway endpoint for S3 on the route tables of every subnet, public ones included', () => {
    const { stack, vpc } = setup();
    new S3GatewayEndpoint(stack, 'S3', { vpc });
    const template = Template.fromStack(stack);
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0] as any;
    expect(endpoint.Properties.VpcEndpointType).toEqual('Gateway');
    expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('.s3');
    const tables = endpoint.Properties.RouteTableIds.map((r: any) => r.Ref).sort();
    expect(tables).toEqual([
      expect.stringMatching(/PrivateSubnet1RouteTable/), expect.stringMatching(/PrivateSubnet2RouteTable/),
      expect.stringMatching(/PublicSubnet1RouteTable/), expect.stringMatching(/PublicSubnet2RouteTable/),
    ]);
    expect(endpoint.Properties.PolicyDocument).toBeUndefined();
  });

  test('only the selected subnets', () => {
    const { stack, vpc } = setup();
    new S3GatewayEndpoint(stack, 'S3', { vpc, subnets: [{ subnetType: ec2.SubnetType.PUBLIC }] });
    const endpoint = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))[0] as any;
    expect(endpoint.Properties.RouteTableIds.map((r: any) => r.Ref)).toEqual([
      expect.stringMatching(/PublicSubnet1RouteTable/), expect.stringMatching(/PublicSubnet2RouteTable/),
    ]);
  });

  test('endpoint policy limited to given buckets', () => {
    const { stack, vpc } = setup();
    const bucket = new s3.Bucket(stack, 'Data');
    new S3GatewayEndpoint(stack, 'S3', { vpc, allowedBuckets: [bucket] });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [{
          Sid: 'AllowedBuckets',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Data'), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Data'), 'Arn'] }, '/*']] }],
        }],
      },
    });
  });

  test("endpoint policy limited to the account's own buckets", () => {
    const { stack, vpc } = setup();
    new S3GatewayEndpoint(stack, 'S3', { vpc, onlyAccountBuckets: true });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [{
          Sid: 'AccountBuckets',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } },
        }],
      },
    });
  });

  test('denyUnlessThroughEndpoint: object access to the bucket is denied unless it comes through this endpoint', () => {
    const { stack, vpc } = setup();
    const bucket = new s3.Bucket(stack, 'Data');
    const s3e = new S3GatewayEndpoint(stack, 'S3', { vpc });
    s3e.denyUnlessThroughEndpoint(bucket, { exemptPrincipalArns: ['arn:aws:iam::111111111111:role/ci'] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Sid: 'DenyUnlessThroughVpcEndpoint',
          Effect: 'Deny',
          Action: Match.arrayWith(['s3:GetObject*', 's3:PutObject*']),
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': { Ref: Match.stringLikeRegexp('S3Endpoint') } },
            ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/ci'] },
          },
        })],
      },
    });
  });

  test('denyUnlessThroughEndpoint without exempt principals: the bucket and its objects, no principal condition', () => {
    const { stack, vpc } = setup();
    const bucket = new s3.Bucket(stack, 'Data');
    new S3GatewayEndpoint(stack, 'S3', { vpc }).denyUnlessThroughEndpoint(bucket, { exemptPrincipalArns: [] });
    const arn = { 'Fn::GetAtt': [Match.stringLikeRegexp('Data'), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Sid: 'DenyUnlessThroughVpcEndpoint',
          Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
          Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: Match.stringLikeRegexp('S3Endpoint') } } },
        })],
      },
    });
  });

  test('fails when the selection holds no subnet', () => {
    const { stack, vpc } = setup();
    expect(() => new S3GatewayEndpoint(stack, 'S3', { vpc, subnets: [{ subnets: [] }] }))
      .toThrow('S3GatewayEndpoint: `subnets` selects no subnet of the VPC; the endpoint would have no route table');
  });

  test('denyUnlessThroughEndpoint leaves bucket management (policy updates) alone', () => {
    const { stack, vpc } = setup();
    const bucket = new s3.Bucket(stack, 'Data');
    new S3GatewayEndpoint(stack, 'S3', { vpc }).denyUnlessThroughEndpoint(bucket);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0] as any;
    const actions: string[] = policy.Properties.PolicyDocument.Statement[0].Action;
    expect(actions).not.toContain('s3:*');
    expect(actions.filter((a) => a.includes('BucketPolicy'))).toEqual([]);
  });

  test('fails when no subnet is selected', () => {
    const { stack, vpc } = setup();
    expect(() => new S3GatewayEndpoint(stack, 'S3', { vpc, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }))
      .toThrow(/There are no 'Isolated' subnet groups in this VPC/);
  });

  test('fails on an empty allowedBuckets list', () => {
    const { stack, vpc } = setup();
    expect(() => new S3GatewayEndpoint(stack, 'S3', { vpc, allowedBuckets: [] }))
      .toThrow('S3GatewayEndpoint: `allowedBuckets` is an empty list, which would block all S3 traffic through the endpoint; leave it undefined for no restriction');
  });

  test('fails on an imported bucket for denyUnlessThroughEndpoint', () => {
    const { stack, vpc } = setup();
    const s3e = new S3GatewayEndpoint(stack, 'S3', { vpc });
    expect(() => s3e.denyUnlessThroughEndpoint(s3.Bucket.fromBucketName(stack, 'Imported', 'someone-elses-bucket')))
      .toThrow("S3GatewayEndpoint: cannot add a statement to the policy of Test/Imported (an imported bucket); add the aws:SourceVpce deny in the bucket's own stack");
  });
});
