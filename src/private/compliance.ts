import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The cdk-nag compliance packs whose rules share a name (`<pack>-<rule>`). */
const PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'];

/**
 * Acknowledges a rule of cdk-nag's HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs on a
 * construct (and what it holds), with the reason it does not apply there.
 */
export function acknowledgeCompliance(construct: IConstruct, rule: string, reason: string): void {
  for (const pack of PACKS) {
    Validations.of(construct).acknowledge({ id: `${pack}-${rule}`, reason });
  }
}
