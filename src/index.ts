export * from './recommendations';
export * from './alb-security-group-pair';
export * from './load-balancer-network-acls';
export * from './alb-access-log-bucket';
export * from './s3-gateway-endpoint';
export * from './secure-alb-options';
export * from './secure-alb-base';
export * from './secure-alb-service';
