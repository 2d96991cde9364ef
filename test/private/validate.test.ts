import { blocksOverlap } from '../../src/private/network-util';
import { healthCheckPortOf, parseIpv4Cidr } from '../../src/private/validate';

describe('parseIpv4Cidr and blocksOverlap', () => {
  test.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['0.0.0.0/0', '192.168.1.0/24', true],
    ['255.255.255.255/32', '255.255.255.0/24', true],
    ['172.16.0.0/12', '172.32.0.0/16', false],
  ])('%s and %s overlap: %p', (a, b, expected) => {
    expect(blocksOverlap(parseIpv4Cidr('T', 'a', a), parseIpv4Cidr('T', 'b', b))).toBe(expected);
  });

  test.each([
    ['256.0.0.0/8', "T: `p` must be an IPv4 CIDR such as '10.1.0.0/16', got '256.0.0.0/8'"],
    ['10.0.0.0', "T: `p` must be an IPv4 CIDR such as '10.1.0.0/16', got '10.0.0.0'"],
    ['192.168.1.1/24', "T: `p` has host bits set: got '192.168.1.1/24', expected '192.168.1.0/24'"],
    ['255.255.255.255/1', "T: `p` has host bits set: got '255.255.255.255/1', expected '128.0.0.0/1'"],
  ])('fails on %s', (cidr, message) => {
    expect(() => parseIpv4Cidr('T', 'p', cidr)).toThrow(message);
  });
});

describe('healthCheckPortOf', () => {
  test('traffic-port and unset mean the target port', () => {
    expect(healthCheckPortOf('T', undefined, 8080)).toEqual(8080);
    expect(healthCheckPortOf('T', 'traffic-port', 8080)).toEqual(8080);
    expect(healthCheckPortOf('T', '8081', 8080)).toEqual(8081);
  });

  test.each(['', '80.0', '-1', '65536', ' 80'])('fails on %j', (port) => {
    expect(() => healthCheckPortOf('T', port, 80)).toThrow(`T: \`healthCheck.port\` must be 'traffic-port' or an integer between 1 and 65535, got '${port}'`);
  });
});
