// The scaffolder's guard before it edits an existing XML file (the edits themselves: magento/xmlEdits.ts).
import { parseXml, XmlTree } from '../magento/xmlTree';
import { ScaffoldError } from './inputs';

/** Parses a file we are about to edit; refuses one that is not well-formed, rather than guess. */
export function parseForEdit(text: string, label: string): XmlTree {
  const tree = parseXml(text);
  if (!tree.root || tree.problems.length > 0) throw new ScaffoldError(`${label} is not well-formed XML; fix it first (${tree.problems[0]?.message ?? 'no root element'}).`);
  return tree;
}

