export * from './flow-endpoint';
export * from './results';
export * from './template-model';
export * from './network-assertions';
export * from './validation-plugin';
export * from './flows-report';
export * from './reachability-expectation';
export * from './route-assumption';
