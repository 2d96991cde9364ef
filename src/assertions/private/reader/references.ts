import { defaultAclId, defaultGroupId, Ref } from './model';
import type { ResourceIndex, Value } from './template';
import { Address, address, symbol } from '../addresses';
import { isIntrinsic, unresolvedText } from '../intrinsics';

/**
 * What a value names: a resource of the template (`Ref`, `Fn::GetAtt`), an external id, a CIDR, or
 * a symbol for what the template does not spell out.
 */
export class References {
  /**
   * @param index the template's resources
   * @param vpcCidrs the CIDR of each VPC the model knows (logical id or literal id), filled as the reader goes
   */
  constructor(private readonly index: ResourceIndex, private readonly vpcCidrs: ReadonlyMap<string, Address>) {}

  /** The logical id a value refers to (`Ref`, `Fn::GetAtt`), if it names a resource. */
  public ref(value: Value): Ref {
    if (value && typeof value === 'object') {
      if (typeof value.Ref === 'string') {
        return this.index.get(value.Ref) ? { logicalId: value.Ref, text: value.Ref } : { text: `{Ref ${value.Ref}}` };
      }
      const getAtt = value['Fn::GetAtt'];
      if (getAtt) {
        const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
        // a VPC's default security group is a group of the model of its own, not the VPC
        if (attr === 'DefaultSecurityGroup' && this.index.get(id)?.Type === 'AWS::EC2::VPC') {
          const group = defaultGroupId(id);
          return { logicalId: group, text: group };
        }
        return this.index.get(id) ? { logicalId: id, text: id } : { text: `{GetAtt ${id}.${attr}}` };
      }
      return { text: isIntrinsic(value) ? unresolvedText(value) : JSON.stringify(value) };
    }
    return { text: String(value) };
  }

  /** The logical id a value names, if it names a resource of the template. */
  public logicalId(value: Value): string | undefined {
    return this.ref(value).logicalId;
  }

  /**
   * The name a value gives a resource: the logical id where it names one, else the literal (an
   * external id such as `subnet-0abc`) or the intrinsic's text. Undefined when there is no value.
   */
  public nameOf(value: Value): string | undefined {
    if (value === undefined || value === null) return undefined;
    const r = this.ref(value);
    return r.logicalId ?? r.text;
  }

  /** A CIDR value: a literal, a VPC's `CidrBlock` attribute, or a symbol. */
  public cidr(value: Value): Address {
    if (typeof value === 'string') {
      return address(value);
    }
    const getAtt = value?.['Fn::GetAtt'];
    if (getAtt) {
      const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
      if (this.index.get(id)?.Type === 'AWS::EC2::VPC' && attr === 'CidrBlock') {
        return this.vpcCidrs.get(id) ?? symbol(`${id}.CidrBlock`);
      }
      return symbol(`${id}.${attr}`);
    }
    return symbol(isIntrinsic(value) ? unresolvedText(value) : JSON.stringify(value));
  }

  /** A VPC: the logical id it names, or a literal id (`vpc-0abc`) of a VPC outside the template. */
  public vpc(value: Value): string | undefined {
    return this.logicalId(value) ?? (typeof value === 'string' ? value : undefined);
  }

  /** The VPC of the resource (an ACL, a route table, the VPC itself for its default ACL) a value names. */
  public vpcOfResource(value: Value): string | undefined {
    const id = this.logicalId(value);
    if (id !== undefined && this.index.get(id)?.Type === 'AWS::EC2::VPC') return id;
    return id ? this.vpc(this.index.get(id)?.Properties?.VpcId) : undefined;
  }

  /**
   * The network ACL a value names: `<vpc>.DefaultNetworkAcl` for the `DefaultNetworkAcl` attribute
   * of a VPC of the template, else the logical id of an ACL of the template.
   */
  public networkAcl(value: Value): string | undefined {
    const getAtt = value && typeof value === 'object' ? value['Fn::GetAtt'] : undefined;
    if (getAtt) {
      const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
      if (attr === 'DefaultNetworkAcl' && this.index.get(id)?.Type === 'AWS::EC2::VPC') return defaultAclId(id);
    }
    return this.logicalId(value);
  }
}
