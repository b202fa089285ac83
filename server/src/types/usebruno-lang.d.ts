// @usebruno/lang (MIT) ships no types: its three writers the API collection export uses (its readers: test/types).
declare module '@usebruno/lang/v2/src/jsonToBru' {
  const jsonToBru: (json: object) => string;
  export default jsonToBru;
}
declare module '@usebruno/lang/v2/src/jsonToCollectionBru' {
  const jsonToCollectionBru: (json: object) => string;
  export default jsonToCollectionBru;
}
declare module '@usebruno/lang/v2/src/jsonToEnv' {
  const jsonToEnv: (json: object) => string;
  export default jsonToEnv;
}
