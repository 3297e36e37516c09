/**
 * A stand-in for the OFD file (GB/T 33190) the provincial service would produce and seal. Real OFD
 * is a zip of XML parts signed with the issuer's SM2 e-seal; this is one XML document with the same
 * information, so its digest changes whenever the content does.
 */
import type { IssueCertificateRequest } from './certificates.port.ts';

const escape = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function placeholderOfd(
  identifier: string,
  data: Omit<IssueCertificateRequest, 'idempotencyKey'>,
  issuedAt: string,
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD" placeholder="true">`,
    `  <Certificate identifier="${escape(identifier)}" typeCode="${escape(data.typeCode)}" typeName="${escape(data.typeName)}">`,
    `    <Holder name="${escape(data.holder.name)}" code="${escape(data.holder.code)}" codeType="${escape(data.holder.codeType)}"/>`,
    `    <Issuer name="${escape(data.issuer.name)}" uscc="${escape(data.issuer.uscc)}" issuedAt="${escape(issuedAt)}"/>`,
    `    <Validity from="${escape(data.validFrom)}" until="${escape(data.validUntil ?? '长期')}"/>`,
    `    <ExtendInfo>${escape(JSON.stringify(data.businessData))}</ExtendInfo>`,
    `    <Seal algorithm="SM2" signer="${escape(data.issuer.uscc)}" simulated="true"/>`,
    '  </Certificate>',
    '</ofd:OFD>',
    '',
  ].join('\n');
}
