/**
 * The conformance bundle's entry (test/conformance/bundle.ts): the suite, and the app that server
 * runtimes serve.
 */
export * from "./suite.js";
export { createApp, type AppOptions } from "./app.js";
