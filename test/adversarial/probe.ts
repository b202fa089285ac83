// Runs every feature of the language service on one document, timing each request.
import { cpuMs } from '../cpuTime';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/language/languageService';

export interface Timing {
  request: string;
  ms: number;
}

export function probe(service: LanguageService, uri: string, text: string): Timing[] {
  const document = TextDocument.create(uri, uri.endsWith('.php') ? 'php' : 'xml', 1, text);
  const timings: Timing[] = [];
  const time = (request: string, run: () => unknown) => {
    let result: unknown;
    timings.push({ request, ms: cpuMs(() => (result = run())) });
    JSON.stringify(result); // what the LSP layer does with it next
    return result;
  };
  const diagnostics = time('diagnostics', () => service.doValidation(document)) as ReturnType<LanguageService['doValidation']>;
  for (const at of [0, Math.floor(text.length / 2), text.length]) {
    const position = document.positionAt(at);
    time(`completion@${at}`, () => service.doComplete(document, position));
    time(`hover@${at}`, () => service.doHover(document, position));
    time(`definition@${at}`, () => service.findDefinition(document, position));
  }
  time('symbols', () => service.findDocumentSymbols(document));
  time('code actions', () => service.getCodeActions(document, diagnostics));
  return timings;
}
