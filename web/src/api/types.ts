// The console's view of the server is the API contract, and only that.
export * from '../../../src/api/contract.js';
