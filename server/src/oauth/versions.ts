// The Magento releases the tester plays, and the signer each uses (magento-integration-facts §6).
import { Signer } from './signature';

/** 2.3: 2.0 to 2.4.3 (HMAC-SHA1 too); 2.4.4: 2.4.4 to the 2024 releases (Laminas); latest: the 2025 native signer. */
export type MagentoVersion = '2.4.4' | '2.3' | 'latest';

export function signerOf(version: MagentoVersion): Signer {
  return version === 'latest' ? 'native' : 'laminas';
}

/** How the tester names what it plays, e.g. in the panel: "Magento 2.4.4 and later". */
export function versionLabel(version: MagentoVersion): string {
  return version === '2.3' ? '2.0 to 2.4.3' : version === 'latest' ? 'with its newest (2025) signer' : '2.4.4 and later';
}
