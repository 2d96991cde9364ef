export * from './model';
export * from './template-reader';
