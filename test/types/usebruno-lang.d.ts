// @usebruno/lang (MIT) ships no types: Bruno's own readers, which the tests read the exported collection with.
declare module '@usebruno/lang' {
  export function bruToJsonV2(text: string): any;
  export function collectionBruToJson(text: string): any;
  export function bruToEnvJsonV2(text: string): any;
}
