// The floor (bench tooling, see next.config.ts) has nothing to set up at start-up.
// This file exists because Turbopack, building an app in a subfolder, otherwise
// picks up the repository root's instrumentation.ts, which needs the app's environment.
export function register() {}
