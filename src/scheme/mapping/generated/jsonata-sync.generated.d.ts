// Generated, do not edit: run `npm run gen:sync-jsonata`. Types for jsonata-sync.generated.js; sync-jsonata.ts gives the factory its real type.
export declare const jsonataVersion: string;
export declare const sourceSha256: string;
declare const jsonataSync: (text: string) => unknown;
export default jsonataSync;
