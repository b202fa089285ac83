// A file's bytes into text as libxml (Magento's parser) reads them: the byte order mark first (UTF-8,
// UTF-16 LE or BE), then the XML declaration's encoding, else UTF-8. Magento reads a UTF-16 acl.xml with a
// BOM (the real store granted its id); an invalid UTF-8 byte in a file that is UTF-8 makes it refuse the
// file: `setup:upgrade` exits 1 with
//   The XML in file ".../etc/acl.xml" is invalid:
//   Input is not proper UTF-8, indicate encoding !
//   Bytes: 0xE9 0x20 0xFF 0x22
//   Line: 6

export interface EncodingProblem {
  /** Where in the decoded text the first invalid byte stands (invalid bytes decode to U+FFFD). */
  offset: number;
  /** libxml's words, with the four bytes it shows. */
  message: string;
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'windows-1252';
  problem?: EncodingProblem;
}

/** The declared encoding, read from the ASCII bytes of `<?xml … encoding="…"?>` at the start. */
const DECLARATION = /^<\?xml[^>]{0,200}?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]{0,40})["']/;
const SINGLE_BYTE: Record<string, DecodedText['encoding']> = {
  'iso-8859-1': 'latin1', latin1: 'latin1', 'us-ascii': 'latin1', ascii: 'latin1', 'windows-1252': 'windows-1252', cp1252: 'windows-1252',
};

export function decodeXmlBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  // UTF-16 without a BOM, recognised by `<?` (XML 1.0, appendix F).
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  // One character per byte (the declaration is ASCII): a view, not a copy of 256 arguments.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const declared = DECLARATION.exec(head)?.[1].toLowerCase();
  const single = declared ? SINGLE_BYTE[declared] : undefined;
  if (single) return { text: new TextDecoder(single).decode(bytes), encoding: single };
  return utf8(bytes);
}

/** Decoding without `stream` keeps no state between calls: one decoder serves every file. */
const UTF8 = new TextDecoder('utf-8');

function utf8(bytes: Uint8Array): DecodedText {
  const text = UTF8.decode(bytes);
  // Only text with a replacement character can hold an invalid byte: the byte walk runs only then.
  if (!text.includes('\uFFFD')) return { text, encoding: 'utf-8' };
  const at = firstInvalidUtf8(bytes);
  if (at === undefined) return { text, encoding: 'utf-8' };
  const shown = [...bytes.subarray(at, at + 4)].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  return {
    text, encoding: 'utf-8',
    problem: { offset: new TextDecoder('utf-8').decode(bytes.subarray(0, at)).length, message: `Input is not proper UTF-8, indicate encoding ! Bytes: ${shown}` },
  };
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), in one pass. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b === 0xe0) [length, min] = [3, 0xa0];
    else if (b === 0xed) [length, min, max] = [3, 0x80, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) [length, min] = [3, 0x80];
    else if (b === 0xf0) [length, min] = [4, 0x90];
    else if (b === 0xf4) [length, min, max] = [4, 0x80, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) [length, min] = [4, 0x80];
    else return i;
    if (i + length > bytes.length) return i;
    if (bytes[i + 1] < min || bytes[i + 1] > max) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return undefined;
}
