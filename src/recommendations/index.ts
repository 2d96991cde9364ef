// Public: the rows as data. Each row's unit (its check and the entries the builders add) lives
// under ./private/units, one file per recommendation; ./private is not re-exported.
export * from './recommendation';
export * from './recommendations';
